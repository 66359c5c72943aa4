import {
  DomainError,
  type ReportInput,
  type Session,
  type TaskStatus,
  currentTaskIdOf,
  isSessionLive,
} from "@maestro/domain";
import type { z } from "zod";
import { requireTask } from "../task/task-rules";
import { type VerbArgs, inTransaction } from "../unit-of-work";
import { assertMayTouchTask, assertOwnSession, requireSession } from "./session-access";
import { changeSession, moveTaskForSession } from "./session-writes";

const TASK_STATUS_OF: Partial<Record<z.output<typeof ReportInput>["kind"], TaskStatus>> = {
  done: "done",
  blocked: "blocked",
  failed: "failed",
};

/** An agent reports progress, a question, or how its task ended. Only live sessions may report. */
export async function report({ ctx, input }: VerbArgs<z.output<typeof ReportInput>>): Promise<Session> {
  return await inTransaction(ctx, async (tx, record) => {
    const session = await requireSession(tx, input.sessionId);
    assertOwnSession(ctx, session.id);
    if (!isSessionLive(session.status)) {
      throw new DomainError(
        "INVALID_TRANSITION",
        `session ${session.id} is ${session.status}; only a running session may report`,
      );
    }
    const current = currentTaskIdOf(session)!;
    const task = await requireTask(tx, input.taskId ?? current);
    await assertMayTouchTask(ctx, tx, task);
    // In a worktree, done means landed: the session's end hands the task to review and landing.
    const reported = TASK_STATUS_OF[input.kind];
    const taskStatus = reported === "done" && session.branch ? "in_review" : reported;
    if (taskStatus) await moveTaskForSession(tx, record, task.id, taskStatus);
    record({
      kind: "session.reported",
      entity: "session",
      entityId: session.id,
      projectId: session.projectId,
      payload: { report: input.kind, text: input.text, taskId: task.id },
    });
    const isLastOfQueue = session.queueIndex >= session.taskIds.length - 1;
    const advances = input.kind === "done" && task.id === current && !isLastOfQueue;
    if (advances) await moveTaskForSession(tx, record, session.taskIds[session.queueIndex + 1]!, "in_progress");
    return await changeSession(tx, record, session, {
      lastReport: input.text || input.kind,
      ...(input.kind === "needs_input"
        ? { status: "needs_input" as const }
        : session.status === "needs_input"
          ? { status: "running" as const }
          : {}),
      ...(advances ? { queueIndex: session.queueIndex + 1 } : {}),
    });
  });
}
