import { checkoutsOf } from "../../git/worktree-list";
import { advanceCheckout, dirtyTrackedFiles, untrackedInTheWay } from "../../git/checkout-status";
import { compareAndSwapRef } from "../../git/refs";
import { fileList } from "./landing-writes";

export type TargetMove = { kind: "moved" } | { kind: "raced" } | { kind: "waiting"; note: string };

export interface TargetChange {
  repo: string;
  target: string;
  from: string;
  to: string;
  reason: string;
}

/**
 * Why a checkout of the target cannot follow it now, or null: its tracked files must be clean,
 * and nothing untracked (or ignored) may stand where the new commit puts a file.
 */
async function checkoutBlocker(dir: string, change: TargetChange): Promise<string | null> {
  const dirty = await dirtyTrackedFiles(dir);
  if (dirty.length > 0) return `uncommitted changes in ${dir}: ${fileList(dirty)}`;
  const inTheWay = await untrackedInTheWay(dir, change);
  if (inTheWay.length > 0) return `untracked files in ${dir} would be overwritten: ${fileList(inTheWay)}`;
  return null;
}

/**
 * Moves the target branch from `from` to `to` with a compare-and-swap, and every checkout of
 * it along (index and files) — never over a person's uncommitted or untracked work. Calls
 * `beforeMove` (which records the intent) right before the ref moves.
 */
export async function moveTarget(change: TargetChange, beforeMove: () => void): Promise<TargetMove> {
  const checkouts = await checkoutsOf(change.repo, change.target);
  for (const checkout of checkouts) {
    if (checkout.head !== change.from) return { kind: "raced" };
    const blocker = await checkoutBlocker(checkout.path, change);
    if (blocker) return { kind: "waiting", note: blocker };
  }
  beforeMove();
  const ref = `refs/heads/${change.target}`;
  if (!(await compareAndSwapRef(change.repo, ref, change))) return { kind: "raced" };
  for (const checkout of checkouts) {
    if (await advanceCheckout(checkout.path, change)) continue;
    // A file changed between the check and the update: put the branch back where the checkout is.
    await compareAndSwapRef(change.repo, ref, { from: change.to, to: change.from, reason: "maestro: landing undone" });
    return { kind: "waiting", note: `files in ${checkout.path} changed while landing; it is tried again` };
  }
  return { kind: "moved" };
}
