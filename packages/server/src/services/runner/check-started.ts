import { findSessionById, findTaskById, insertTaskCheck } from "@maestro/db";
import { type CheckStartedInput, DomainError, type TaskCheck, currentTaskIdOf } from "@maestro/domain";
import { changeTask } from "../task/task-writes";
import { type VerbArgs, inTransaction } from "../unit-of-work";
import { recordTaskChecked } from "./check-events";
import { requireLease } from "./lease";

/** One of the project's checks starts in the session's worktree: a check run on the task, `running`. */
export async function checkStarted({ ctx, input }: VerbArgs<CheckStartedInput>): Promise<TaskCheck> {
  return await inTransaction(ctx, async (tx, record) => {
    await requireLease(tx, input);
    const session = (await findSessionById(tx, input.sessionId))!;
    if (!session.branch) {
      throw new DomainError(
        "INVALID_TRANSITION",
        `session ${session.id} does not work in a worktree: nothing to check`,
        {
          field: "sessionId",
        },
      );
    }
    const task = (await findTaskById(tx, currentTaskIdOf(session)!))!;
    const check = await insertTaskCheck(tx, {
      taskId: task.id,
      projectId: task.projectId,
      sessionId: session.id,
      command: input.command,
    });
    recordTaskChecked(record, task, check);
    if (task.landing.checksState !== "running") {
      await changeTask(tx, record, task, { landing: { ...task.landing, checksState: "running" } }, ["landing"]);
    }
    return check;
  });
}
