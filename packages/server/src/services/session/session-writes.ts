import { type DbClient, type SessionPatch, updateSession, findTaskById, updateTask } from "@maestro/db";
import { type Session, type TaskStatus, canTransition, statusTimestamps } from "@maestro/domain";
import type { RecordEvent } from "../unit-of-work";

/** Writes a session change and records it, naming the changed fields. */
export function changeSession(tx: DbClient, record: RecordEvent, session: Session, patch: SessionPatch): Session {
  const updated = updateSession(tx, session.id, patch);
  const changed = Object.keys(patch).filter((key) => key in updated);
  record({
    kind: "session.updated",
    entity: "session",
    entityId: session.id,
    projectId: session.projectId,
    payload: { session: updated, changed },
  });
  return updated;
}

/** Moves a task to `status` on behalf of a session, if its status machine allows it. */
export function moveTaskForSession(tx: DbClient, record: RecordEvent, taskId: string, status: TaskStatus): void {
  const task = findTaskById(tx, taskId);
  if (!task || task.status === status || !canTransition(task.status, status)) return;
  const updated = updateTask(tx, task.id, {
    status,
    ...statusTimestamps(task.status, status, task, new Date().toISOString()),
  });
  record({
    kind: "task.updated",
    entity: "task",
    entityId: task.id,
    projectId: task.projectId,
    payload: { task: updated, changed: ["status"] },
  });
}
