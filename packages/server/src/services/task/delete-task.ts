import {
  type Db,
  deleteTask as removeTask,
  findTaskById,
  listDependentIds,
  listDescendantIds,
  listSessions,
  updateTask,
} from "@maestro/db";
import { BUSY_SESSION_STATUSES, type DeleteTaskInput, DomainError, type Task } from "@maestro/domain";
import type { z } from "zod";
import { type VerbArgs, inTransaction } from "../unit-of-work";
import { requireTask } from "./task-rules";

/**
 * A session at work keeps going with its tasks; deleting one under it would leave a session with
 * nothing to claim, report on or check (each of those then failed inside).
 */
async function assertNoBusySession(db: Db, tasks: readonly Task[]): Promise<void> {
  for (const task of tasks) {
    const [busy] = await listSessions(db, { taskId: task.id, statuses: BUSY_SESSION_STATUSES, limit: 1 });
    if (busy) {
      throw new DomainError(
        "INVALID_TRANSITION",
        `${task.key} has a ${busy.status} session (${busy.id}): stop it first`,
        {
          field: "id",
        },
      );
    }
  }
}

/**
 * Deletes a task (and, with `cascade`, its subtasks). Tasks that depended on a deleted one lose
 * that edge, which changes them too, so they get a new version and an event.
 */
export async function deleteTask({ ctx, input }: VerbArgs<z.output<typeof DeleteTaskInput>>): Promise<Task> {
  return await inTransaction(ctx, async (tx, record) => {
    const task = await requireTask(tx, input.id);
    const descendants = await listDescendantIds(tx, task.id);
    if (descendants.length > 0 && !input.cascade) {
      throw new DomainError(
        "HAS_CHILDREN",
        `${task.key} has ${descendants.length} subtask${descendants.length === 1 ? "" : "s"}; delete them first or delete with cascade`,
      );
    }
    const doomed = new Set([task.id, ...descendants]);
    const doomedTasks: Task[] = [];
    for (const id of doomed) doomedTasks.push((await findTaskById(tx, id))!);
    await assertNoBusySession(tx, doomedTasks);
    const dependents = new Set<string>();
    for (const id of doomed) {
      for (const dependent of await listDependentIds(tx, id)) if (!doomed.has(dependent)) dependents.add(dependent);
    }
    await removeTask(tx, task.id);
    for (const gone of doomedTasks) {
      record({
        kind: "task.deleted",
        entity: "task",
        entityId: gone.id,
        projectId: gone.projectId,
        payload: { key: gone.key },
      });
    }
    for (const id of dependents) {
      const updated = await updateTask(tx, id, {});
      record({
        kind: "task.updated",
        entity: "task",
        entityId: id,
        projectId: updated.projectId,
        payload: { task: updated, changed: ["dependsOn"] },
      });
    }
    return task;
  });
}
