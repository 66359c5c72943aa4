import {
  type Db,
  type NewTask,
  type TaskPatch,
  allocateTaskNumber,
  insertTask,
  nextTaskRank,
  updateTask,
} from "@maestro/db";
import { type Project, type Task, statusTimestamps } from "@maestro/domain";
import type { RecordEvent } from "../unit-of-work";

/** What a new task says; number, rank and the timestamps its status implies follow from its project. */
export type NewTaskFields = Omit<NewTask, "projectId" | "projectKey" | "number" | "rank" | "startedAt" | "completedAt">;

/** Inserts a task last in its project, with the project's next number. */
export async function insertProjectTask(tx: Db, project: Project, fields: NewTaskFields): Promise<Task> {
  const now = new Date();
  return await insertTask(
    tx,
    {
      ...fields,
      projectId: project.id,
      projectKey: project.key,
      number: await allocateTaskNumber(tx, project.id),
      rank: await nextTaskRank(tx, project.id),
      ...statusTimestamps("todo", fields.status, { startedAt: null, completedAt: null }, now.toISOString()),
    },
    now,
  );
}

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
export async function changeTask(
  tx: Db,
  record: RecordEvent,
  task: Task,
  patch: TaskPatch,
  changed: string[],
): Promise<Task> {
  const updated = await updateTask(tx, task.id, patch);
  recordTaskUpdated(record, updated, changed);
  return updated;
}

/** The patch and changed fields that release a held task (see holdStoppedTask in settle-session.ts); empty when it is not held. */
export function releaseHold(task: Task): { patch: TaskPatch; changed: string[] } {
  if (!task.heldAt) return { patch: {}, changed: [] };
  return { patch: { heldAt: null, heldBy: null }, changed: ["heldAt", "heldBy"] };
}
