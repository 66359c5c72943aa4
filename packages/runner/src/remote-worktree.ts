import { existsSync, mkdirSync } from "node:fs";
import { dirname, isAbsolute, join, relative } from "node:path";
import { git } from "./git";
import { clonePathOf, commitOf, fetchRemote, inClone, openClone, remoteRefOf } from "./remote-repo";
import type { Worktree } from "./worktree";

/** Where a session's worktree of a remote project comes from: the project's remote, via this runner's clone. */
export interface RemoteSource {
  home: string;
  projectId: string;
  url: string;
}

/**
 * Adds a worktree on a new branch cut from the remote target's tip, fetched now into the
 * runner's clone (the project directory may not exist on this machine). Like addWorktree, it
 * never removes anything: an existing path or branch is an error.
 */
export async function addRemoteWorktree(
  source: RemoteSource,
  { sessionId, branch, targetBranch }: { sessionId: string; branch: string; targetBranch: string | null },
): Promise<Worktree & { clone: string }> {
  const path = join(source.home, "worktrees", sessionId);
  if (existsSync(path)) throw new Error(`could not create the worktree: ${path} already exists`);
  return inClone(clonePathOf(source.home, source.projectId), async () => {
    const clone = await openClone(source.home, source.projectId);
    const target = remoteRefOf(targetBranch);
    await fetchRemote(clone, source.url, [target.refspec]);
    const baseCommit = await commitOf(clone, target.ref);
    if (!baseCommit) throw new Error(`could not create the worktree: the remote has no ${targetBranch ?? "HEAD"}`);
    mkdirSync(dirname(path), { recursive: true });
    try {
      await git(clone, ["worktree", "add", "-b", branch, "--", path, baseCommit]);
    } catch (error) {
      throw new Error(`could not create the worktree (git worktree add -b ${branch}): ${(error as Error).message}`);
    }
    return { path, branch, baseCommit, clone };
  });
}

/** A recorded worktree path this runner may (re)create: one under its own worktrees folder. */
function isOwnPath(home: string, path: string): boolean {
  const inside = relative(join(home, "worktrees"), path);
  return inside !== "" && !inside.startsWith("..") && !isAbsolute(inside);
}

/** The branch as the remote has it; the clone's own copy if the remote has none (it was never pushed). */
async function fetchBranch(clone: string, url: string, branch: string): Promise<void> {
  const ref = `refs/heads/${branch}`;
  try {
    await fetchRemote(clone, url, [`+${ref}:${ref}`]);
  } catch (error) {
    if (!(await commitOf(clone, ref))) throw error;
  }
}

/**
 * The worktree of an earlier session, for the session that continues it: used as it was left if
 * its folder is here, else its branch is fetched from the remote (where the earlier session
 * pushed it) and added again, at the recorded path if that is this runner's, else under its home.
 */
export async function reopenRemoteWorktree(
  source: RemoteSource,
  { worktree, sessionId }: { worktree: Worktree; sessionId: string },
): Promise<{ worktree: Worktree; isReadded: boolean }> {
  if (existsSync(worktree.path)) return { worktree, isReadded: false };
  const path = isOwnPath(source.home, worktree.path) ? worktree.path : join(source.home, "worktrees", sessionId);
  try {
    await inClone(clonePathOf(source.home, source.projectId), async () => {
      const clone = await openClone(source.home, source.projectId);
      // A folder deleted by hand is still registered, and git refuses to fetch into its branch.
      await git(clone, ["worktree", "prune"]);
      await fetchBranch(clone, source.url, worktree.branch);
      mkdirSync(dirname(path), { recursive: true });
      await git(clone, ["worktree", "add", "--", path, worktree.branch]);
    });
  } catch (error) {
    throw new Error(`could not reopen the worktree of branch ${worktree.branch}: ${(error as Error).message}`);
  }
  return { worktree: { ...worktree, path }, isReadded: true };
}
