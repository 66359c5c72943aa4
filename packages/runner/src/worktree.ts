import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { git } from "./git";

export interface Worktree {
  path: string;
  branch: string;
  /** The commit its branch was cut from (null when unknown: an older session's worktree). */
  baseCommit: string | null;
}

/** Branch names allow fewer characters than task keys might one day hold. */
export function branchName(taskKey: string, attempt: number): string {
  const safe = taskKey.replace(/[^A-Za-z0-9._-]/g, "-").replace(/^[.-]+/, "") || "task";
  return `maestro/${safe}-${attempt}`;
}

/** The commit a new branch starts from: the target branch's tip now, or the project directory's HEAD. */
async function tipOf(rootDir: string, targetBranch: string | null): Promise<string> {
  const ref = targetBranch ? `refs/heads/${targetBranch}` : "HEAD";
  const found = await git(rootDir, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`], {
    allowFailure: true,
  });
  if (found.code === 0) return found.stdout.trim();
  throw new Error(
    targetBranch
      ? `could not create the worktree: the target branch ${targetBranch} does not exist in ${rootDir}`
      : `could not create the worktree: ${rootDir} has no commit checked out to start from`,
  );
}

/**
 * Adds a git worktree on a new branch cut from the target branch's tip, for one session. It
 * never removes or resets anything: an existing path or branch is an error for the user to look
 * at, so no uncommitted work is lost.
 */
export async function addWorktree({
  rootDir,
  home,
  sessionId,
  branch,
  targetBranch,
}: {
  rootDir: string;
  home: string;
  sessionId: string;
  branch: string;
  targetBranch: string | null;
}): Promise<Worktree> {
  const path = join(home, "worktrees", sessionId);
  if (existsSync(path)) throw new Error(`could not create the worktree: ${path} already exists`);
  const baseCommit = await tipOf(rootDir, targetBranch);
  mkdirSync(dirname(path), { recursive: true });
  try {
    await git(rootDir, ["worktree", "add", "-b", branch, path, baseCommit]);
  } catch (error) {
    throw new Error(`could not create the worktree (git worktree add -b ${branch}): ${(error as Error).message}`);
  }
  return { path, branch, baseCommit };
}

/**
 * The worktree of an earlier session, for the session that continues it: used as it was left
 * (uncommitted work included), or added again on its branch when the folder is gone (`isReadded`).
 */
export async function reopenWorktree(
  rootDir: string,
  worktree: Worktree,
): Promise<{ worktree: Worktree; isReadded: boolean }> {
  if (existsSync(worktree.path)) return { worktree, isReadded: false };
  try {
    // A folder deleted by hand is still registered until pruned.
    await git(rootDir, ["worktree", "prune"]);
    mkdirSync(dirname(worktree.path), { recursive: true });
    await git(rootDir, ["worktree", "add", worktree.path, worktree.branch]);
  } catch (error) {
    throw new Error(`could not reopen the worktree of branch ${worktree.branch}: ${(error as Error).message}`);
  }
  return { worktree, isReadded: true };
}

/**
 * Undoes addWorktree when the agent never ran (its set-up failed, or it could not start): only
 * Maestro and the project's set-up command touched the folder, so it goes whatever it holds; the
 * branch goes only while it still points where it was cut (a compare-and-delete of the ref).
 */
export async function removeFreshWorktree(rootDir: string, worktree: Worktree): Promise<void> {
  const quietly = (args: string[]) => git(rootDir, args).catch(() => undefined);
  await quietly(["worktree", "remove", "--force", worktree.path]);
  if (worktree.baseCommit) await quietly(["update-ref", "-d", `refs/heads/${worktree.branch}`, worktree.baseCommit]);
}
