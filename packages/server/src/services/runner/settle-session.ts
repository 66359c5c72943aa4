import { type DbClient, findAgent, findAutopilot, findProjectById, findSessionLease, findTaskById } from "@maestro/db";
import {
  type Session,
  type SessionStatus,
  type Task,
  type TaskStatus,
  currentTaskIdOf,
  retryDelayMs,
} from "@maestro/domain";
import { findProfilePause } from "../agent/account-pauses";
import { changeSession, moveTaskForSession } from "../session/session-writes";
import { changeTask } from "../task/task-writes";
import type { RecordEvent } from "../unit-of-work";
import { USAGE_LIMIT_CAPPED_NOTE } from "./usage-limit";

export interface Outcome {
  exitCode: number | null;
  error: string | null;
  /** Overrides what the exit says, e.g. `interrupted` when the server lost the process. */
  status?: SessionStatus;
}

/**
 * A failed attempt under autopilot: the task goes back to todo with its next attempt due after
 * a capped, jittered backoff, or, once its attempts are used up, it is failed (and its
 * dependents show as blocked by it). Without autopilot a failure fails the task.
 */
function failTask(tx: DbClient, record: RecordEvent, task: Task): void {
  const project = findProjectById(tx, task.projectId);
  const failedAttempts = task.failedAttempts + 1;
  const maxAttempts = task.maxAttempts ?? project?.settings.maxAttempts ?? 1;
  const isAutopilot = findAutopilot(tx, task.projectId).state !== "off";
  if (project && isAutopilot && failedAttempts < maxAttempts) {
    const delay = retryDelayMs(failedAttempts, {
      baseSec: project.settings.retryBaseSec,
      maxSec: project.settings.retryMaxSec,
    });
    const retryAt = new Date(Date.now() + delay).toISOString();
    if (task.status !== "todo") moveTaskForSession(tx, record, task.id, "todo");
    changeTask(tx, record, task, { failedAttempts, retryAt }, ["failedAttempts", "retryAt"]);
    return;
  }
  moveTaskForSession(tx, record, task.id, "failed");
  changeTask(tx, record, task, { failedAttempts, retryAt: null }, ["failedAttempts"]);
}

/** A session stopped for a usage limit waits (not ended) until its account's pause is over. */
function waitForLimit(tx: DbClient, record: RecordEvent, session: Session, exitCode: number | null): Session {
  const pause = findProfilePause(tx, session.agent);
  const capped = pause?.reason.endsWith(USAGE_LIMIT_CAPPED_NOTE) ? ` ${USAGE_LIMIT_CAPPED_NOTE}` : "";
  return changeSession(tx, record, session, {
    status: "waiting",
    exitCode,
    error: `agent ${session.agent} hit a usage limit${pause ? `; resumes at ${pause.until}${capped}` : ""}`,
  });
}

/** Where a session that did not fail leaves its task: done, in review, back to todo, or as it is. */
function nextTaskStatus(tx: DbClient, session: Session, task: Task, status: SessionStatus): TaskStatus | null {
  if (status !== "succeeded") return task.status === "in_progress" ? "todo" : null;
  // In a worktree nothing is done before it lands (finishSession hands those to the landing flow).
  const isShell = findAgent(tx, session.agent)?.adapter === "shell";
  return isShell && !session.branch ? "done" : "in_review";
}

/**
 * The end of a session decides its status and its current task's:
 * stopped → cancelled (task back to todo); exit 0 → succeeded (a shell task is done, an agent
 * task that never reported done goes to review); anything else → failed (retried under
 * autopilot while attempts remain, else the task fails). A usage limit makes it wait instead.
 */
export function settleSession(tx: DbClient, record: RecordEvent, session: Session, outcome: Outcome): Session {
  const { stopRequested, stopReason } = findSessionLease(tx, session.id)!;
  if (!outcome.status && stopRequested && stopReason === "usage_limit") {
    return waitForLimit(tx, record, session, outcome.exitCode);
  }
  const status: SessionStatus =
    outcome.status ??
    (stopRequested
      ? stopReason === "timeout" || stopReason === "stalled"
        ? "timed_out"
        : "cancelled"
      : outcome.exitCode === 0
        ? "succeeded"
        : "failed");
  const taskId = currentTaskIdOf(session);
  const task = taskId ? findTaskById(tx, taskId) : undefined;
  if (task && task.status !== "done") {
    if (status === "failed" || status === "timed_out") failTask(tx, record, task);
    else {
      const next = nextTaskStatus(tx, session, task, status);
      if (next) moveTaskForSession(tx, record, task.id, next);
    }
  }
  return endSession(tx, record, session, {
    status,
    exitCode: outcome.exitCode,
    error:
      status === "succeeded"
        ? null
        : status === "timed_out"
          ? stopReason === "stalled"
            ? "stopped: its agent printed nothing for its stall limit"
            : "stopped: it ran past its time limit"
          : status === "cancelled"
            ? "stopped"
            : outcome.error,
  });
}

/** Writes how a session ended (its task is the caller's business). */
export function endSession(
  tx: DbClient,
  record: RecordEvent,
  session: Session,
  end: { status: SessionStatus; exitCode: number | null; error: string | null },
): Session {
  return changeSession(tx, record, session, { ...end, endedAt: new Date().toISOString() });
}
