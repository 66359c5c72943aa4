import { BUSY_SESSION_STATUSES, type Session, type SessionStatus } from "@maestro/domain";

/** Session statuses a graph node marks: a slot holder, or one waiting for a usage limit. */
export type MarkerStatus = (typeof BUSY_SESSION_STATUSES)[number];

// When one task has several busy sessions, the most active one is shown.
const PRECEDENCE: Record<MarkerStatus, number> = { running: 5, needs_input: 4, starting: 3, waiting: 2, queued: 1 };

function isMarkerStatus(status: SessionStatus): status is MarkerStatus {
  return (BUSY_SESSION_STATUSES as readonly SessionStatus[]).includes(status);
}

/** The task a session works on now (queue sessions move through their `taskIds`). */
function currentTaskId(session: Pick<Session, "taskIds" | "queueIndex">): string | undefined {
  return session.taskIds[session.queueIndex] ?? session.taskIds[0];
}

/**
 * One marker per task with a busy session: running, needs input, starting, waiting (usage
 * limit) or queued. Ended sessions mark nothing, so a node never shows running for a task
 * that is not.
 */
export function sessionMarkers(
  sessions: readonly Pick<Session, "taskIds" | "queueIndex" | "status">[],
): Map<string, MarkerStatus> {
  const markers = new Map<string, MarkerStatus>();
  for (const session of sessions) {
    const taskId = currentTaskId(session);
    if (!taskId || !isMarkerStatus(session.status)) continue;
    const current = markers.get(taskId);
    if (!current || PRECEDENCE[session.status] > PRECEDENCE[current]) markers.set(taskId, session.status);
  }
  return markers;
}
