import { type DbClient, type SessionPatch, findTaskById, updateSession } from "@maestro/db";
import { type Session, type TaskStatus, canTransition, statusTimestamps } from "@maestro/domain";
import { changeTask } from "../task/task-writes";
import type { RecordEvent } from "../unit-of-work";

/** Writes a session change and records it, naming the changed fields a client can see. */
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
  const timestamps = statusTimestamps(task.status, status, task, new Date().toISOString());
  changeTask(tx, record, task, { status, ...timestamps }, ["status"]);
}
