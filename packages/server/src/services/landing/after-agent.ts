import { type DbClient, findProjectById, findTaskById, listTaskChecks } from "@maestro/db";
import {
  type FinishInput,
  type Project,
  type Session,
  type Task,
  checkFailedFollowUp,
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
  tx: DbClient;
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
export function settleAfterAgent({ ctx, tx, record, session, input }: AfterAgentArgs): Session {
  const taskId = session.taskIds[session.queueIndex] ?? session.taskIds[0]!;
  const task = findTaskById(tx, taskId);
  const project = findProjectById(tx, session.projectId);
  if (!task || !project || task.status === "done" || task.status === "cancelled") {
    return settleSession(tx, record, session, { exitCode: input.exitCode, error: null });
  }
  const checksState = input.checks ?? "none";
  changeLanding(tx, record, task.id, {
    landing: {
      branch: session.branch,
      headCommit: input.headCommit ?? null,
      changedFiles: input.changedFiles ?? [],
      checksState,
    },
  });
  if (checksState === "failed") return settleFailedChecks({ ctx, tx, record, session, input }, task, project);
  const ended = endSession(tx, record, session, { status: "succeeded", exitCode: input.exitCode, error: null });
  moveTaskForSession(tx, record, task.id, "in_review");
  const isManual = project.settings.landPolicy === "manual";
  changeLanding(tx, record, task.id, {
    landing: { note: null, reviewState: isManual ? "pending" : "none", landState: isManual ? "none" : "queued" },
  });
  return ended;
}

/** The failed check of this session (the runner stops at the first), as the agent should hear of it. */
function failedCheckOf(tx: DbClient, task: Task, session: Session) {
  const failed = listTaskChecks(tx, task.id).filter((check) => check.status === "failed");
  return failed.filter((check) => check.sessionId === session.id).at(-1) ?? failed.at(-1) ?? null;
}

/**
 * The attempt failed its checks. Within the task's attempt budget (with or without autopilot)
 * the agent gets a follow-up holding the failing command and the end of its output.
 */
function settleFailedChecks(args: AfterAgentArgs, task: Task, project: Project): Session {
  const { tx, record, session, input } = args;
  const check = failedCheckOf(tx, task, session);
  const failure = check ? describeCheckFailure(check) : "a check failed";
  const ended = endSession(tx, record, session, { status: "failed", exitCode: input.exitCode, error: failure });
  const failedAttempts = task.failedAttempts + 1;
  const maxAttempts = task.maxAttempts ?? project.settings.maxAttempts;
  let cause = failure;
  if (failedAttempts < maxAttempts) {
    const reason = `its ${failure}`;
    const text = checkFailedFollowUp(check ?? { command: "the project's checks", exitCode: null, outputTail: "" });
    try {
      inSavepoint(tx, record, (savepoint, recordInSavepoint) =>
        queueFollowUp({ ...args, tx: savepoint, record: recordInSavepoint, task, previous: ended, reason, text }),
      );
      changeLanding(tx, record, task.id, { landing: { note: null }, task: { failedAttempts, retryAt: null } });
      return ended;
    } catch (error) {
      cause = `${failure}; its follow-up could not start: ${messageOf(error)}`;
    }
  }
  moveTaskForSession(tx, record, task.id, "failed");
  changeLanding(tx, record, task.id, { landing: { note: cause }, task: { failedAttempts, retryAt: null } });
  return ended;
}
