import { insertTaskReview } from "@maestro/db";
import {
  DomainError,
  type ReviewNote,
  type ReviewTaskInput,
  type Session,
  type Task,
  type TaskReview,
  changesRequestedFollowUp,
} from "@maestro/domain";
import type { z } from "zod";
import { requireProject } from "../project/resolve-project";
import { requireTask } from "../task/task-rules";
import { type VerbArgs, inTransaction } from "../unit-of-work";
import { type FollowUpArgs, queueFollowUp } from "./follow-up";
import { changeLanding, requireBranchSession } from "./landing-writes";
import { reviewNotes } from "./review-notes";

type Input = z.output<typeof ReviewTaskInput>;

export interface ReviewOutcome {
  task: Task;
  review: TaskReview;
  /** The follow-up session that works on the requested changes (null for an approval). */
  session: Session | null;
}

/** Refuses a review of a task whose branch is not waiting for one, saying why. */
function assertReviewable(task: Task, verdict: Input["verdict"]): string {
  const { landing } = task;
  if (!landing.branch) {
    throw new DomainError(
      "INVALID_TRANSITION",
      `${task.key} has no branch to review: it was not worked in a worktree`,
      {
        field: "id",
      },
    );
  }
  if (task.status !== "in_review" || !landing.headCommit) {
    throw new DomainError(
      "INVALID_TRANSITION",
      `${task.key} is ${task.status.replace("_", " ")}${landing.headCommit ? "" : " with no checked commit"}; only a task in review can be reviewed`,
      { field: "id" },
    );
  }
  const settled = verdict === "approve" ? ["landing", "landed", "pr_open", "conflict"] : ["landing", "landed"];
  if (settled.includes(landing.landState)) {
    const hint = landing.landState === "conflict" ? " (resolve it first: task resolve)" : "";
    throw new DomainError("INVALID_TRANSITION", `${task.key}'s work is ${landing.landState}${hint}`, {
      field: "verdict",
    });
  }
  return landing.headCommit;
}

/**
 * Approve the task's diff (it is queued for the lander), or request changes: a follow-up
 * session on the same branch gets every comment with its file, line and hunk. Either way the
 * verdict joins the task's review history. Requested changes do not use up an attempt.
 */
export async function reviewTask({ ctx, input }: VerbArgs<Input>): Promise<ReviewOutcome> {
  const task = await requireTask(ctx.database.db, input.id);
  assertReviewable(task, input.verdict);
  const project = await requireProject(ctx.database.db, task.projectId);
  // The diff is read before the transaction: git is slow, and the head is checked again inside.
  const notes =
    input.verdict === "approve" ? [] : await reviewNotes(ctx.database.db, { project, task }, input.comments);
  return await inTransaction(ctx, async (tx, record) => {
    const current = await requireTask(tx, task.id);
    const headCommit = assertReviewable(current, input.verdict);
    if (headCommit !== task.landing.headCommit) {
      const message = `${task.key} has a new commit since this review began; review it again`;
      throw new DomainError("VERSION_CONFLICT", message, { field: "id" });
    }
    const { comment, comments, verdict } = input;
    const review = await insertTaskReview(tx, {
      ...{ taskId: task.id, projectId: task.projectId, actor: ctx.actor },
      ...{ verdict, comment, comments, headCommit },
    });
    record({
      kind: "task.reviewed",
      entity: "task",
      entityId: task.id,
      projectId: task.projectId,
      payload: { review },
    });
    if (verdict === "approve") {
      const approved = await changeLanding(tx, record, task.id, {
        landing: { reviewState: "approved", landState: "queued" },
      });
      return { task: approved, review, session: null };
    }
    const session = await requestChanges({ ctx, tx, record, task: current }, { comment, notes });
    return { task: await requireTask(tx, task.id), review, session };
  });
}

/** Takes the work off the landing queue and starts a follow-up that works on the comments. */
async function requestChanges(
  { ctx, tx, record, task }: Omit<FollowUpArgs, "previous" | "reason" | "text">,
  { comment, notes }: { comment: string; notes: ReviewNote[] },
): Promise<Session> {
  await changeLanding(tx, record, task.id, {
    landing: { reviewState: "changes_requested", landState: "none", note: null },
  });
  const text = changesRequestedFollowUp({ reviewer: ctx.actor, comment, notes });
  const previous = await requireBranchSession(tx, task);
  return await queueFollowUp({ ctx, tx, record, task, previous, reason: "changes were requested in review", text });
}
