import { DomainError, type ProjectSettings, type Task } from "@maestro/domain";
import { commitTree, mergeTrees } from "../../git/merge";
import { isAncestor, resolveCommit } from "../../git/refs";
import { runGit } from "../../git/run-git";
import { moveTarget } from "./move-target";

export type LandResult =
  { kind: "landed"; commit: string } | { kind: "conflict"; files: string[] } | { kind: "waiting"; note: string };

export interface LandRequest {
  repo: string;
  target: string;
  strategy: ProjectSettings["landStrategy"];
  task: Pick<Task, "key" | "title">;
  branch: string;
  head: string;
  /** Records the commit about to be written, before the ref moves (crash recovery reads it). */
  recordIntent: (commit: string) => void;
}

/** Another writer moved the target between our read and our swap this many times: give up for now. */
const MAX_RACES = 20;

function messageOf(request: LandRequest): string {
  const subject = `${request.task.key}: ${request.task.title}`.slice(0, 200);
  return request.strategy === "squash"
    ? `${subject}\n\nSquashed from ${request.branch} by Maestro.`
    : `${subject}\n\nMerge branch ${request.branch} into ${request.target} (Maestro).`;
}

async function treeOf(repo: string, commit: string): Promise<string> {
  return (await runGit(repo, ["rev-parse", `${commit}^{tree}`])).stdout.trim();
}

/**
 * Merges the task's head onto the target's tip without a working tree (merge-tree, then
 * commit-tree: parents target tip and head, or the tip alone for a squash) and moves the target
 * with a compare-and-swap; a lost race merges again on the new tip.
 */
export async function landBranch(request: LandRequest): Promise<LandResult> {
  const { repo, target } = request;
  for (let race = 0; race < MAX_RACES; race++) {
    const tip = await resolveCommit(repo, `refs/heads/${target}`);
    if (!tip) throw new DomainError("NOT_FOUND", `the target branch ${target} does not exist in ${repo}`);
    if (await isAncestor(repo, request.head, tip)) return { kind: "landed", commit: tip };
    const merged = await mergeTrees(repo, tip, request.head);
    if (merged.kind === "conflict") return { kind: "conflict", files: merged.files };
    // Already there in substance (a squash landed before): nothing new to write.
    if (merged.tree === (await treeOf(repo, tip))) return { kind: "landed", commit: tip };
    const parents = request.strategy === "squash" ? [tip] : [tip, request.head];
    const commit = await commitTree(repo, { tree: merged.tree, parents, message: messageOf(request) });
    const reason = `maestro: land ${request.task.key}`;
    const moved = await moveTarget({ repo, target, from: tip, to: commit, reason }, () => request.recordIntent(commit));
    if (moved.kind === "moved") return { kind: "landed", commit };
    if (moved.kind === "waiting") return moved;
  }
  return { kind: "waiting", note: `${target} kept moving while landing; it is tried again` };
}
