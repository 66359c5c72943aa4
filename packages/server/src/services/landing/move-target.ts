import { listFilesBriefly } from "@maestro/domain";
import { type GitWorktree, checkoutsOf } from "../../git/worktree-list";
import { advanceCheckout, dirtyTrackedFiles, untrackedInTheWay } from "../../git/checkout-status";
import { compareAndSwapRef } from "../../git/refs";

/** `lost`: the intent was refused (beforeMove answered false), so the ref was left alone. */
export type TargetMove = { kind: "moved" } | { kind: "raced" } | { kind: "waiting"; note: string } | { kind: "lost" };

export interface TargetChange {
  repo: string;
  target: string;
  from: string;
  to: string;
  reason: string;
}

/**
 * Why the target's checkouts cannot follow it from `from` to `to` (a commit, or the tree it
 * will have) now, or null: their tracked files must be clean, and nothing untracked (or
 * ignored) may stand where a file comes. "raced" when a checkout is not at `from` any more.
 */
export async function checkoutsBlocker(
  checkouts: readonly GitWorktree[],
  change: { from: string; to: string },
): Promise<Extract<TargetMove, { kind: "raced" | "waiting" }> | null> {
  for (const checkout of checkouts) {
    if (checkout.head !== change.from) return { kind: "raced" };
    const dir = checkout.path;
    const [dirty, inTheWay] = await Promise.all([dirtyTrackedFiles(dir), untrackedInTheWay(dir, change)]);
    if (dirty.length > 0) return { kind: "waiting", note: `uncommitted changes in ${dir}: ${listFilesBriefly(dirty)}` };
    if (inTheWay.length > 0) {
      return { kind: "waiting", note: `untracked files in ${dir} would be overwritten: ${listFilesBriefly(inTheWay)}` };
    }
  }
  return null;
}

/**
 * Moves the target branch from `from` to `to` with a compare-and-swap, and its checkouts along
 * (index and files), which checkoutsBlocker found free just before. Calls `beforeMove` (which
 * records the intent) right before the ref moves, and waits for it: `false` leaves the ref alone.
 */
export async function swapTarget(
  change: TargetChange,
  checkouts: readonly GitWorktree[],
  beforeMove: () => unknown,
): Promise<TargetMove> {
  if ((await beforeMove()) === false) return { kind: "lost" };
  const ref = `refs/heads/${change.target}`;
  if (!(await compareAndSwapRef(change.repo, ref, change))) return { kind: "raced" };
  for (const checkout of checkouts) {
    const refused = await advanceCheckout(checkout.path, change);
    if (!refused) continue;
    // git refused, having changed nothing: put the branch back where the checkout still is.
    await compareAndSwapRef(change.repo, ref, { from: change.to, to: change.from, reason: "maestro: landing undone" });
    return { kind: "waiting", note: `files in ${checkout.path} would be overwritten: ${listFilesBriefly(refused)}` };
  }
  return { kind: "moved" };
}

/**
 * Moves the target branch from `from` to `to`, and every checkout of it along — never over a
 * person's uncommitted or untracked work.
 */
export async function moveTarget(change: TargetChange, beforeMove: () => unknown): Promise<TargetMove> {
  const checkouts = await checkoutsOf(change.repo, change.target);
  return (await checkoutsBlocker(checkouts, change)) ?? (await swapTarget(change, checkouts, beforeMove));
}
