import { type Db, findProjectById, findTaskById, listTaskChecks } from "@maestro/db";
import {
  type FinishInput,
  type Project,
  type Session,
  type Task,
  type TaskLanding,
  checkFailedFollowUp,
  currentTaskIdOf,
  describeCheckFailure,
  messageOf,
} from "@maestro/domain";
import type { Context } from "../../context";
import { endSession, settleSession } from "../runner/settle-session";
import { moveTaskForSession } from "../session/session-writes";
import { type RecordEvent, inSavepoint } from "../unit-of-work";
import { queueFollowUp } from "./follow-up";
import { changeLanding } from "./landing-writes";

export interface AfterAgentArgs {
  ctx: Context;
  tx: Db;
  record: RecordEvent;
  /** A worktree session whose agent exited 0 (not stopped). */
  session: Session;
  input: FinishInput;
}

/**
 * A worktree session's agent succeeded, its changes committed and the project's checks run:
 * its task's branch is recorded, then the checks decide. Passed (or none) → in review, waiting
 * for a person (`manual`) or queued for the lander; failed → a follow-up on the same branch
 * while attempts remain, else the task fails naming the check. Only the lander makes it done.
 */
export async function settleAfterAgent({ ctx, tx, record, session, input }: AfterAgentArgs): Promise<Session> {
  const taskId = currentTaskIdOf(session)!;
  const task = await findTaskById(tx, taskId);
  const project = await findProjectById(tx, session.projectId);
  if (!task || !project || task.status === "done" || task.status === "cancelled") {
    return await settleSession(tx, record, session, { exitCode: input.exitCode, error: null });
  }
  const branchState: Partial<TaskLanding> = {
    branch: session.branch,
    headCommit: input.headCommit ?? null,
    changedFiles: input.changedFiles ?? [],
    checksState: input.checks ?? "none",
  };
  if (input.checks === "failed") {
    return await settleFailedChecks({ ctx, tx, record, session, input }, { task, project, branchState });
  }
  const ended = await endSession(tx, record, session, {
    endReason: "completed",
    exitCode: input.exitCode,
    error: null,
  });
  // The move to review carries its verdict (waits for a person, or queued for the lander) in the
  // same event, so whoever is notified of the move knows who it waits for. A task a person parked
  // meanwhile (blocked, failed) keeps its work on the branch, unqueued.
  const isManual = project.settings.landPolicy === "manual";
  const verdict: Partial<TaskLanding> = {
    note: null,
    reviewState: isManual ? "pending" : "none",
    landState: isManual ? "none" : "queued",
  };
  const current = (await findTaskById(tx, task.id))!;
  const inReview =
    current.status !== "in_review" &&
    (await moveTaskForSession(tx, record, task.id, "in_review", {
      landing: { ...current.landing, ...branchState, ...verdict },
    }));
  if (!inReview) {
    const stillInReview = current.status === "in_review";
    await changeLanding(tx, record, task.id, { landing: { ...branchState, ...(stillInReview ? verdict : {}) } });
  }
  return ended;
}

/** The check of this session that failed (the runner stops at the first failure). */
async function failedCheckOf(tx: Db, task: Task, session: Session) {
  const failed = (await listTaskChecks(tx, task.id)).filter(
    (check) => check.sessionId === session.id && check.status === "failed",
  );
  return failed.at(-1) ?? null;
}

/**
 * The attempt failed its checks. Within the task's attempt budget (with or without autopilot)
 * the agent gets a follow-up holding the failing command and the end of its output.
 */
async function settleFailedChecks(
  args: AfterAgentArgs,
  { task, project, branchState }: { task: Task; project: Project; branchState: Partial<TaskLanding> },
): Promise<Session> {
  const { tx, record, session, input } = args;
  const check = await failedCheckOf(tx, task, session);
  const failure = check ? describeCheckFailure(check) : "a check failed";
  const ended = await endSession(tx, record, session, {
    endReason: "checks_failed",
    exitCode: input.exitCode,
    error: failure,
  });
  const attempts = { failedAttempts: task.failedAttempts + 1, retryAt: null };
  let cause = failure;
  if (attempts.failedAttempts < (task.maxAttempts ?? project.settings.maxAttempts)) {
    const reason = `its ${failure}`;
    const text = checkFailedFollowUp(check ?? { command: "the project's checks", exitCode: null, outputTail: "" });
    try {
      await inSavepoint(tx, record, (savepoint, recordInSavepoint) =>
        queueFollowUp({ ...args, tx: savepoint, record: recordInSavepoint, task, previous: ended, reason, text }),
      );
      await changeLanding(tx, record, task.id, { landing: { ...branchState, note: null }, task: attempts });
      return ended;
    } catch (error) {
      cause = `${failure}; its follow-up could not start: ${messageOf(error)}`;
    }
  }
  await moveTaskForSession(tx, record, task.id, "failed");
  await changeLanding(tx, record, task.id, { landing: { ...branchState, note: cause }, task: attempts });
  return ended;
}
