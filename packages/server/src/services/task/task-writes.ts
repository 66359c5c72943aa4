import { type DbClient, type TaskPatch, updateTask } from "@maestro/db";
import type { Task } from "@maestro/domain";
import type { RecordEvent } from "../unit-of-work";

export function recordTaskCreated(record: RecordEvent, task: Task): void {
  record({ kind: "task.created", entity: "task", entityId: task.id, projectId: task.projectId, payload: { task } });
}

/** Records a change already written, naming the fields that changed. */
export function recordTaskUpdated(record: RecordEvent, task: Task, changed: string[]): void {
  record({
    kind: "task.updated",
    entity: "task",
    entityId: task.id,
    projectId: task.projectId,
    payload: { task, changed },
  });
}

/**
 * Writes a task change (bumping its version, even for an empty patch: a change to its
 * dependencies is a change to the task) and records it.
 */
export function changeTask(tx: DbClient, record: RecordEvent, task: Task, patch: TaskPatch, changed: string[]): Task {
  const updated = updateTask(tx, task.id, patch);
  recordTaskUpdated(record, updated, changed);
  return updated;
}
