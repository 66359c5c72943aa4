import { repositoryUrlOf } from "./landing-api";
import type { Claim } from "./launch";
import { clonePathOf } from "./remote-repo";
import { type RemoteSource, addRemoteWorktree, reopenRemoteWorktree } from "./remote-worktree";
import { type Worktree, addWorktree, branchName, removeFreshWorktree, reopenWorktree } from "./worktree";

/** Where a worktree comes from and goes back to: the project directory, or this runner's clone of its remote. */
export function sourceOf(claim: Claim, home: string): RemoteSource | null {
  const url = repositoryUrlOf(claim);
  return url ? { home, projectId: claim.session.projectId, url } : null;
}

/**
 * The session's worktree: the one it continues (an earlier session's), or a new one on its own
 * branch; null when it works in the project directory. `isFresh` says whether it was made now,
 * `isNew` whether its folder was (fresh, or an earlier one's added again): that one is set up.
 */
export async function worktreeFor(
  claim: Claim,
  home: string,
): Promise<{ worktree: Worktree | null; isFresh: boolean; isNew: boolean }> {
  const { session } = claim;
  if (!claim.useWorktree) return { worktree: null, isFresh: false, isNew: false };
  const remote = sourceOf(claim, home);
  if (session.worktreePath && session.branch) {
    const earlier = {
      path: session.worktreePath,
      branch: session.branch,
      baseCommit: claim.landing?.baseCommit ?? null,
    };
    const { worktree, isReadded } = remote
      ? await reopenRemoteWorktree(remote, { worktree: earlier, sessionId: session.id })
      : await reopenWorktree(claim.rootDir, earlier);
    return { worktree, isFresh: false, isNew: isReadded };
  }
  const fresh = {
    sessionId: session.id,
    branch: branchName(claim.taskKey, session.attempt),
    targetBranch: claim.landing?.targetBranch ?? null,
  };
  const worktree = remote
    ? await addRemoteWorktree(remote, fresh)
    : await addWorktree({ rootDir: claim.rootDir, home, ...fresh });
  return { worktree, isFresh: true, isNew: true };
}

/** Undoes a worktree made for a session whose agent never ran, in the repository it was made in. */
export function discardFreshWorktree(claim: Claim, home: string, worktree: Worktree): Promise<void> {
  const remote = sourceOf(claim, home);
  return removeFreshWorktree(remote ? clonePathOf(remote.home, remote.projectId) : claim.rootDir, worktree);
}
