import { DomainError, type ProjectSettings, type Task } from "@maestro/domain";
import { commitTree, mergeTrees } from "../../git/merge";
import { resolveBranchTip } from "../../git/refs";
import { checkoutsOf } from "../../git/worktree-list";
import { checkoutsBlocker, swapTarget } from "./move-target";

export type LandResult =
  | { kind: "landed"; commit: string }
  | { kind: "conflict"; files: string[] }
  | { kind: "waiting"; note: string }
  /** The intent was refused (the project's lease lost): nothing written, the ref not moved. */
  | { kind: "lost" };

export interface LandRequest {
  repo: string;
  target: string;
  strategy: ProjectSettings["landStrategy"];
  task: Pick<Task, "key" | "title">;
  branch: string;
  head: string;
  /**
   * Records the commit about to be written, before the ref moves (crash recovery reads it);
   * awaited. `false`: it was not recorded (the lease lost), and the ref must not move.
   */
  recordIntent: (commit: string) => unknown;
}

/** Another writer moved the target between our read and our swap this many times: give up for now. */
const MAX_RACES = 20;

function commitMessageOf(request: LandRequest): string {
  const subject = `${request.task.key}: ${request.task.title}`.slice(0, 200);
  return request.strategy === "squash"
    ? `${subject}\n\nSquashed from ${request.branch} by Maestro.`
    : `${subject}\n\nMerge branch ${request.branch} into ${request.target} (Maestro).`;
}

/**
 * Merges the task's head onto the target's tip without a working tree (merge-tree, then
 * commit-tree: parents target tip and head, or the tip alone for a squash) and moves the target
 * with a compare-and-swap; a lost race merges again on the new tip.
 */
export async function landBranch(request: LandRequest): Promise<LandResult> {
  const { repo, target } = request;
  for (let race = 0; race < MAX_RACES; race++) {
    const tipNow = await resolveBranchTip(repo, target);
    if (!tipNow) throw new DomainError("NOT_FOUND", `the target branch ${target} does not exist in ${repo}`);
    const tip = tipNow.commit;
    const [merged, checkouts] = await Promise.all([mergeTrees(repo, tip, request.head), checkoutsOf(repo, target)]);
    if (merged.kind === "conflict") return { kind: "conflict", files: merged.files };
    // Already there (the head is on the target, or a squash of it landed before): nothing to write.
    if (merged.tree === tipNow.tree) return { kind: "landed", commit: tip };
    const parents = request.strategy === "squash" ? [tip] : [tip, request.head];
    // Independent, so side by side: the commit, and whether the checkouts can take its tree.
    const [commit, blocker] = await Promise.all([
      commitTree(repo, { tree: merged.tree, parents, message: commitMessageOf(request) }),
      checkoutsBlocker(checkouts, { from: tip, to: merged.tree }),
    ]);
    if (blocker?.kind === "waiting") return blocker;
    if (blocker) continue;
    const change = { repo, target, from: tip, to: commit, reason: `maestro: land ${request.task.key}` };
    const moved = await swapTarget(change, checkouts, () => request.recordIntent(commit));
    if (moved.kind === "moved") return { kind: "landed", commit };
    if (moved.kind === "waiting" || moved.kind === "lost") return moved;
  }
  return { kind: "waiting", note: `${target} kept moving while landing; it is tried again` };
}
