import { type DbClient, findAgent, findSessionRow, findTaskById } from "@maestro/db";
import type { Session, SessionStatus, TaskStatus } from "@maestro/domain";
import { changeSession, moveTaskForSession } from "../session/session-writes";
import type { RecordEvent } from "../unit-of-work";

export interface Outcome {
  exitCode: number | null;
  error: string | null;
  /** Overrides what the exit says, e.g. `interrupted` when the server lost the process. */
  status?: SessionStatus;
}

/**
 * The end of a session decides its status and its current task's:
 * stopped → cancelled (task back to todo); exit 0 → succeeded (a shell task is done, an agent
 * task that never reported done goes to review); anything else → failed (task failed unless done).
 */
export function settleSession(tx: DbClient, record: RecordEvent, session: Session, outcome: Outcome): Session {
  const row = findSessionRow(tx, session.id)!;
  const status: SessionStatus =
    outcome.status ??
    (row.stopRequested ? (row.stopReason === "timeout" ? "timed_out" : "cancelled") : outcome.exitCode === 0 ? "succeeded" : "failed");
  const taskId = session.taskIds[session.queueIndex] ?? session.taskIds[0];
  const task = taskId ? findTaskById(tx, taskId) : undefined;
  if (task && task.status !== "done") {
    const isShell = findAgent(tx, session.agent)?.adapter === "shell";
    const next: TaskStatus | null =
      status === "succeeded" ? (isShell ? "done" : "in_review")
      : status === "failed" || status === "timed_out" ? "failed"
      : task.status === "in_progress" ? "todo"
      : null;
    if (next) moveTaskForSession(tx, record, task.id, next);
  }
  return changeSession(tx, record, session, {
    status,
    exitCode: outcome.exitCode,
    error:
      status === "succeeded" ? null
      : status === "timed_out" ? "stopped: it ran past its time limit"
      : status === "cancelled" ? "stopped"
      : outcome.error,
    endedAt: new Date(),
  });
}
