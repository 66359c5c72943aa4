import { type Db, findAgent, findAutopilot, findProjectById, findSessionLease, findTaskById } from "@maestro/db";
import {
  END_REASON_RETRY,
  END_REASON_STATUS,
  type EndReason,
  type RetryRule,
  type Session,
  type Task,
  type TaskStatus,
  currentTaskIdOf,
  endReasonOfExit,
  retryDelayMs,
} from "@maestro/domain";
import { agentActor } from "../../context";
import { accountWaitText, findProfilePause } from "../agent/account-pauses";
import { changeSession, moveTaskForSession } from "../session/session-writes";
import { freeEndCapNote } from "./free-end-cap";
import { changeTask } from "../task/task-writes";
import type { RecordEvent } from "../unit-of-work";
import { USAGE_LIMIT_CAPPED_NOTE } from "./usage-limit";

export interface Outcome {
  exitCode: number | null;
  error: string | null;
  /** Overrides what the stop and the exit say: a lost runner, a restarted server, a launch that failed. */
  endReason?: EndReason;
}

/**
 * A failed attempt under autopilot: the task goes back to todo with its next attempt due after
 * a capped, jittered backoff, or, once its attempts are used up, it is failed (and its
 * dependents show as blocked by it). Without autopilot a failure fails the task.
 */
async function failTask(tx: Db, record: RecordEvent, task: Task): Promise<void> {
  const project = await findProjectById(tx, task.projectId);
  const failedAttempts = task.failedAttempts + 1;
  const maxAttempts = task.maxAttempts ?? project?.settings.maxAttempts ?? 1;
  const isAutopilot = (await findAutopilot(tx, task.projectId)).state !== "off";
  if (project && isAutopilot && failedAttempts < maxAttempts) {
    const delay = retryDelayMs(failedAttempts, {
      baseSec: project.settings.retryBaseSec,
      maxSec: project.settings.retryMaxSec,
    });
    const retryAt = new Date(Date.now() + delay).toISOString();
    if (task.status !== "todo") await moveTaskForSession(tx, record, task.id, "todo");
    await changeTask(tx, record, task, { failedAttempts, retryAt }, ["failedAttempts", "retryAt"]);
    return;
  }
  await moveTaskForSession(tx, record, task.id, "failed");
  await changeTask(tx, record, task, { failedAttempts, retryAt: null }, ["failedAttempts"]);
}

/**
 * A session stopped for a usage limit waits (not ended) until its account's pause is over. One
 * whose agent never started (stopped while its runner set it up) did not hit the limit itself:
 * it says whose hit it waits for, as a held queued session does.
 */
async function waitForLimit(tx: Db, record: RecordEvent, session: Session, exitCode: number | null): Promise<Session> {
  const pause = await findProfilePause(tx, session.agent);
  const capped = pause?.reason.endsWith(USAGE_LIMIT_CAPPED_NOTE) ? ` ${USAGE_LIMIT_CAPPED_NOTE}` : "";
  const error =
    pause && !session.startedAt
      ? accountWaitText(pause)
      : `agent ${session.agent} hit a usage limit${pause ? `; resumes at ${pause.until}${capped}` : ""}`;
  return await changeSession(tx, record, session, { status: "waiting", exitCode, error });
}

/** Where a session that was not a failure leaves its task: done, in review, back to todo, or as it is. */
async function nextTaskStatus(tx: Db, session: Session, task: Task, endReason: EndReason): Promise<TaskStatus | null> {
  if (endReason !== "completed") return task.status === "in_progress" ? "todo" : null;
  // In a worktree nothing is done before it lands (finishSession hands those to the landing flow).
  const isShell = (await findAgent(tx, session.agent))?.adapter === "shell";
  return isShell && !session.branch ? "done" : "in_review";
}

/** A session that could not start fails its task at once: another try would fail the same way. */
async function failTaskForGood(tx: Db, record: RecordEvent, task: Task): Promise<void> {
  await moveTaskForSession(tx, record, task.id, "failed");
  await changeTask(tx, record, task, { failedAttempts: task.failedAttempts + 1, retryAt: null }, ["failedAttempts"]);
}

/**
 * The retry rule of a session's end (END_REASON_RETRY). An agent that stopped its own session gave
 * up on its task: that uses an attempt as a failure does, or under autopilot an agent could start
 * its task over and over, never using one up.
 */
function retryRuleOf(session: Session, endReason: EndReason): RetryRule {
  const isSelfStop = endReason === "stopped" && session.stoppedBy === agentActor(session.id);
  return isSelfStop ? "attempt" : END_REASON_RETRY[endReason];
}

/**
 * A stop by a person (or an agent) under autopilot (on, or paused: it resumes) holds the task, or
 * the next pass would start it again at once. The hold is recorded on the task (who, when), not
 * inferred from its last session: other sessions of the task cannot hide it, and exactly the acts
 * that release it clear it (retry, a manual start, a status change). Budget and usage-limit stops
 * have their own resume rules, so they do not hold.
 */
async function holdStoppedTask(tx: Db, record: RecordEvent, taskId: string, stoppedBy: string | null): Promise<void> {
  const task = await findTaskById(tx, taskId);
  if (!task || task.status !== "todo" || (await findAutopilot(tx, task.projectId)).state === "off") return;
  const hold = { heldAt: new Date().toISOString(), heldBy: stoppedBy ?? "a person" };
  await changeTask(tx, record, task, hold, ["heldAt", "heldBy"]);
}

/** What the session's end does to its current task, by the retry rule of its reason (a capped free end uses an attempt). */
async function settleTask(
  tx: Db,
  record: RecordEvent,
  session: Session,
  endReason: EndReason,
  isCapped: boolean,
): Promise<void> {
  const taskId = currentTaskIdOf(session);
  const task = taskId ? await findTaskById(tx, taskId) : undefined;
  if (!task || task.status === "done") return;
  switch (isCapped ? "attempt" : retryRuleOf(session, endReason)) {
    case "attempt":
      return await failTask(tx, record, task);
    case "never":
      return await failTaskForGood(tx, record, task);
    case "free":
    case "none": {
      const next = await nextTaskStatus(tx, session, task, endReason);
      if (next) await moveTaskForSession(tx, record, task.id, next);
      if (endReason === "stopped") await holdStoppedTask(tx, record, task.id, session.stoppedBy);
    }
  }
}

/** The error an ended session shows: a stop's own words, else what the runner or the caller said. */
function endError(endReason: EndReason, error: string | null): string | null {
  switch (endReason) {
    case "completed":
      return null;
    case "timed_out":
      return "stopped: it ran past its time limit";
    case "stalled":
      return "stopped: its agent printed nothing for its stall limit";
    case "stopped":
      return "stopped";
    case "budget":
      return "stopped: its budget was reached";
    case "failed":
    case "usage_limit":
    case "checks_failed":
    case "runner_lost":
    case "server_restart":
    case "spawn_failed":
      return error;
  }
}

/**
 * The caller's reason, except that a runner or server going away (a `free` reason) does not
 * replace a stop asked for before it: a person's stop stays theirs, a stall or a time limit still
 * uses an attempt, a usage limit still waits — as finishSession decides for a runner that reports.
 */
function callerEndReason(outcome: Outcome, isStopRequested: boolean): EndReason | undefined {
  if (!outcome.endReason) return undefined;
  return isStopRequested && END_REASON_RETRY[outcome.endReason] === "free" ? undefined : outcome.endReason;
}

/**
 * The end of a session records why (its end reason: the stop asked for, else its exit, unless
 * the caller knows better), and its status and its current task's follow from that reason.
 * A usage limit makes it wait instead of ending.
 */
export async function settleSession(tx: Db, record: RecordEvent, session: Session, outcome: Outcome): Promise<Session> {
  const { stopRequested, stopReason } = (await findSessionLease(tx, session.id))!;
  const override = callerEndReason(outcome, stopRequested);
  if (!override && stopRequested && stopReason === "usage_limit") {
    return await waitForLimit(tx, record, session, outcome.exitCode);
  }
  const endReason =
    override ??
    endReasonOfExit({ stopReason: stopRequested ? (stopReason ?? "stopped") : null, exitCode: outcome.exitCode });
  const capNote = await freeEndCapNote(tx, session, endReason);
  await settleTask(tx, record, session, endReason, capNote !== null);
  return await endSession(tx, record, session, {
    endReason,
    exitCode: outcome.exitCode,
    error: capNote ?? endError(endReason, outcome.error),
  });
}

/** Writes how a session ended, its status following its reason (its task is the caller's business). */
export async function endSession(
  tx: Db,
  record: RecordEvent,
  session: Session,
  end: { endReason: EndReason; exitCode: number | null; error: string | null },
): Promise<Session> {
  const status = END_REASON_STATUS[end.endReason];
  // Children are stopped with a stop asked of their parent (stopSession, the watchdog, budgets),
  // not when it ends on its own: a coordinator may start its workers and exit, leaving them to run.
  return await changeSession(tx, record, session, { ...end, status, endedAt: new Date().toISOString() });
}
