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
export async function checkFinished({ ctx, input }: VerbArgs<CheckFinishedInput>): Promise<TaskCheck> {
  return await inTransaction(ctx, async (tx, record) => {
    await requireLease(tx, input);
    const running = await findTaskCheck(tx, input.checkId);
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
    const check = await finishTaskCheck(tx, running.id, { status, exitCode, outputTail });
    const task = (await findTaskById(tx, check.taskId))!;
    recordTaskChecked(record, task, check);
    if (status === "failed") {
      await changeTask(tx, record, task, { landing: { ...task.landing, checksState: "failed" } }, ["landing"]);
    }
    return check;
  });
}
