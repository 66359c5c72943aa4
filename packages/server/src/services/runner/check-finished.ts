import { findTaskById, findTaskCheck, finishTaskCheck } from "@maestro/db";
import { type CheckFinishedInput, DomainError, type TaskCheck } from "@maestro/domain";
import { changeTask } from "../task/task-writes";
import { type VerbArgs, inTransaction } from "../unit-of-work";
import { recordTaskChecked } from "./check-events";
import { requireLease } from "./lease";

/**
 * A check ended. A failure fails the task's checks at once; a pass leaves them `running`
 * (more may follow) until the session's finish says how they all went.
 */
export function checkFinished({ ctx, input }: VerbArgs<CheckFinishedInput>): TaskCheck {
  return inTransaction(ctx, (tx, record) => {
    requireLease(tx, input);
    const running = findTaskCheck(tx, input.checkId);
    if (!running || running.sessionId !== input.sessionId) {
      throw new DomainError("NOT_FOUND", `session ${input.sessionId} has no check ${input.checkId}`, {
        field: "checkId",
      });
    }
    if (running.status !== "running") {
      throw new DomainError("INVALID_TRANSITION", `check ${input.checkId} has already ended (${running.status})`, {
        field: "checkId",
      });
    }
    const { status, exitCode, outputTail } = input;
    const check = finishTaskCheck(tx, running.id, { status, exitCode, outputTail });
    const task = findTaskById(tx, check.taskId)!;
    recordTaskChecked(record, task, check);
    if (status === "failed") {
      changeTask(tx, record, task, { landing: { ...task.landing, checksState: "failed" } }, ["landing"]);
    }
    return check;
  });
}
