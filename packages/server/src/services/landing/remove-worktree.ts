import { existsSync } from "node:fs";
import { listFilesBriefly } from "@maestro/domain";
import { dirtyFiles } from "../../git/checkout-status";
import { countCommitsNotIn, deleteRefIfAt, isAncestor, resolveCommit } from "../../git/refs";
import { keepWorktreesFolder } from "../../git/keep-worktrees-folder";
import { runGit } from "../../git/run-git";

export interface WorktreeRef {
  path: string;
  branch: string | null;
}

export interface RemovalPolicy {
  /** The target branch: commits on it have landed. */
  target: string | null;
  /** Branch tips whose work landed otherwise (a squash), so the branch may go. */
  landedHeads: readonly string[];
  force: boolean;
}

/**
 * Why removing this worktree (and its branch) would lose work, or null: uncommitted or untracked
 * files, or commits that are neither on the target nor a landed head.
 */
export async function whyKeep(repo: string, worktree: WorktreeRef, policy: RemovalPolicy): Promise<string | null> {
  if (existsSync(worktree.path)) {
    const dirty = await dirtyFiles(worktree.path);
    if (dirty.length > 0) return `uncommitted changes: ${listFilesBriefly(dirty)}`;
  }
  const tip = worktree.branch ? await resolveCommit(repo, `refs/heads/${worktree.branch}`) : null;
  if (!tip || policy.landedHeads.includes(tip)) return null;
  const targetTip = policy.target ? await resolveCommit(repo, `refs/heads/${policy.target}`) : null;
  if (targetTip && (await isAncestor(repo, tip, targetTip))) return null;
  const count = targetTip ? await countCommitsNotIn(repo, tip, targetTip) : 1;
  return `${count} commit(s) on ${worktree.branch} not landed`;
}

/**
 * Removes the worktree and deletes its branch, unless that would lose work (see whyKeep) and
 * `force` is not set. Returns why it was kept, or null once removed.
 */
export async function removeWorktree(
  repo: string,
  worktree: WorktreeRef,
  policy: RemovalPolicy,
): Promise<string | null> {
  if (!policy.force) {
    const reason = await whyKeep(repo, worktree, policy);
    if (reason) return reason;
  }
  await keepWorktreesFolder(repo);
  if (existsSync(worktree.path)) {
    const force = policy.force ? ["--force", "--force"] : [];
    const removed = await runGit(repo, ["worktree", "remove", ...force, worktree.path], { allowFailure: true });
    if (removed.code !== 0) return `git worktree remove refused: ${removed.stderr.trim().slice(0, 500)}`;
  } else {
    await runGit(repo, ["worktree", "prune"]);
  }
  if (worktree.branch) {
    const tip = await resolveCommit(repo, `refs/heads/${worktree.branch}`);
    // Deleted only at the tip just judged: a commit added meanwhile keeps the branch.
    if (tip) await deleteRefIfAt(repo, `refs/heads/${worktree.branch}`, tip);
  }
  return null;
}
