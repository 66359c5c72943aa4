import { existsSync } from "node:fs";
import type { LandJob } from "@maestro/domain";
import { git } from "./git";
import { clonePathOf, pushRemote } from "./remote-repo";

/** The worktrees of `branch` in the clone (`git worktree list --porcelain`: blank-line separated records). */
async function worktreesOf(clone: string, branch: string): Promise<string[]> {
  const { stdout } = await git(clone, ["worktree", "list", "--porcelain", "-z"]);
  const records = stdout.split("\0\0").map((record) => record.split("\0"));
  return records
    .filter((fields) => fields.includes(`branch refs/heads/${branch}`))
    .map((fields) => fields.find((field) => field.startsWith("worktree "))?.slice("worktree ".length))
    .filter((path): path is string => !!path);
}

/** A worktree holds nothing that is not on the target: no uncommitted or untracked file, no commit not landed. */
async function isLanded(path: string, landed: string): Promise<boolean> {
  const status = await git(path, ["status", "--porcelain", "-z", "--untracked-files=all"]);
  if (status.stdout !== "") return false;
  const head = await git(path, ["merge-base", "--is-ancestor", "--end-of-options", "HEAD", landed], {
    allowFailure: true,
  });
  return head.code === 0;
}

/**
 * After a landing: the task's branch goes from the remote (best effort: a branch left there is
 * only clutter), and this runner's worktrees of it with it, each only when it holds nothing that
 * did not land. Returns what it could not do, for the log.
 */
export async function cleanUpLanded(job: LandJob, { home, landed }: { home: string; landed: string }) {
  const problems: string[] = [];
  const url = job.repositoryUrl;
  const clone = clonePathOf(home, job.projectId);
  if (!existsSync(clone)) return problems;
  const deleted = await pushRemote(clone, url, ["--delete", "--end-of-options", url, `refs/heads/${job.branch}`]);
  if (deleted.kind !== "pushed") problems.push(`could not delete ${job.branch} on the remote: ${deleted.reason}`);
  let isKept = false;
  for (const path of await worktreesOf(clone, job.branch)) {
    if (!existsSync(path)) continue;
    if (!(await isLanded(path, landed))) {
      isKept = true;
      continue;
    }
    // Checked clean above; forced only so ignored files (a set-up's installs) go with it.
    await git(clone, ["worktree", "remove", "--force", "--", path]).catch((error: unknown) => {
      isKept = true;
      problems.push(`could not remove the worktree ${path}: ${(error as Error).message}`);
    });
  }
  await git(clone, ["worktree", "prune"]).catch(() => undefined);
  // Only with no worktree on it, and while it points where it landed from: a branch that moved on holds work.
  if (!isKept) await git(clone, ["update-ref", "-d", `refs/heads/${job.branch}`, job.head]).catch(() => undefined);
  return problems;
}
