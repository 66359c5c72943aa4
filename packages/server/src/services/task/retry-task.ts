import { findAutopilot, listSessions } from "@maestro/db";
import {
  BUSY_SESSION_STATUSES,
  DomainError,
  type Session,
  StartSessionInput,
  type Task,
  type TaskRefInput,
  statusTimestamps,
} from "@maestro/domain";
import { requireProject } from "../project/resolve-project";
import { queueSession } from "../session/start-session";
import { type VerbArgs, inTransaction } from "../unit-of-work";
import { requireTask } from "./task-rules";
import { changeTask, releaseHold } from "./task-writes";

const RETRYABLE: ReadonlyArray<Task["status"]> = ["failed", "blocked", "cancelled", "in_review", "todo"];

/**
 * A manual retry: the task goes back to todo with a fresh attempt budget, released if a stop held
 * it. Under autopilot the scheduler starts it (and unblocks its dependents once it is done);
 * otherwise it starts now.
 */
export async function retryTask({
  ctx,
  input,
}: VerbArgs<TaskRefInput>): Promise<{ task: Task; session: Session | null }> {
  // One transaction: if the task cannot be started now, it is not moved either.
  return await inTransaction(ctx, async (tx, record) => {
    const current = await requireTask(tx, input.id);
    if (!RETRYABLE.includes(current.status)) {
      throw new DomainError(
        "INVALID_TRANSITION",
        `${current.key} is ${current.status.replace("_", " ")}: only a failed, blocked, cancelled or in-review task can be retried`,
        {
          field: "status",
        },
      );
    }
    const [busy] = await listSessions(tx, { taskId: current.id, statuses: [...BUSY_SESSION_STATUSES], limit: 1 });
    if (busy) {
      throw new DomainError("ALREADY_EXISTS", `${current.key} already has a ${busy.status} session (${busy.id})`, {
        field: "id",
      });
    }
    const timestamps = statusTimestamps(current.status, "todo", current, new Date().toISOString());
    const release = releaseHold(current);
    const fresh = { status: "todo" as const, failedAttempts: 0, retryAt: null, ...timestamps, ...release.patch };
    const changed = ["status", "failedAttempts", "retryAt", ...release.changed];
    const updated = await changeTask(tx, record, current, fresh, changed);
    if ((await findAutopilot(tx, updated.projectId)).state === "on") return { task: updated, session: null };
    const project = await requireProject(tx, updated.projectId);
    const next = StartSessionInput.parse({
      taskIds: [updated.id],
      worktree: project.settings.worktreeMode === "per_task",
    });
    const session = await queueSession({ ctx, tx, record, input: next });
    return { task: await requireTask(tx, updated.id), session };
  });
}
