import { type Db, type SessionPatch, type TaskPatch, findTaskById, updateSession } from "@maestro/db";
import { type Session, type TaskStatus, canTransition, statusTimestamps } from "@maestro/domain";
import { changeTask } from "../task/task-writes";
import type { RecordEvent } from "../unit-of-work";

/** Writes a session change and records it, naming the changed fields a client can see. */
export async function changeSession(
  tx: Db,
  record: RecordEvent,
  session: Session,
  patch: SessionPatch,
): Promise<Session> {
  const updated = await updateSession(tx, session.id, patch);
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

/**
 * Moves a task to `status` on behalf of a session, if its status machine allows it, with any other
 * fields that change with it (one event, so a reader sees the move and its reason together).
 * Answers whether the task is in `status` afterwards.
 */
export async function moveTaskForSession(
  tx: Db,
  record: RecordEvent,
  taskId: string,
  status: TaskStatus,
  alongside: TaskPatch = {},
): Promise<boolean> {
  const task = await findTaskById(tx, taskId);
  if (!task) return false;
  if (task.status === status) return true;
  if (!canTransition(task.status, status)) return false;
  const timestamps = statusTimestamps(task.status, status, task, new Date().toISOString());
  await changeTask(tx, record, task, { ...alongside, status, ...timestamps }, [...Object.keys(alongside), "status"]);
  return true;
}
