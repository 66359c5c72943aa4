import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { runGit } from "./run-git";

/**
 * git removes `.git/worktrees` once its last worktree is removed or pruned, and a `git worktree
 * add` running at that moment (the runner starting the next task) fails: "could not create
 * directory of '.git/worktrees/…'". A locked entry without a gitdir keeps the folder: git never
 * prunes a locked entry, and lists only entries with a gitdir.
 */
export async function keepWorktreesFolder(repo: string): Promise<void> {
  const common = (await runGit(repo, ["rev-parse", "--git-common-dir"])).stdout.trim();
  const keeper = join(resolve(repo, common), "worktrees", "maestro-keep");
  await mkdir(keeper, { recursive: true });
  await writeFile(join(keeper, "locked"), "keeps this folder while Maestro's worktrees come and go\n", {
    flag: "wx",
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "EEXIST") throw error;
  });
}
