import { type Db, listSessions } from "@maestro/db";
import {
  ENDED_SESSION_STATUSES,
  END_REASON_RETRY,
  type EndReason,
  MAX_FREE_ENDS_IN_A_ROW,
  type Session,
  currentTaskIdOf,
  freeEndsCountedText,
  freeEndsInARow,
} from "@maestro/domain";

/**
 * When a free end (its runner lost, the server restarted) follows MAX_FREE_ENDS_IN_A_ROW others
 * of the same task, it uses an attempt: the error that says so; null while it stays free. Counted
 * from the task's latest ended sessions (the ending one is not ended yet), so no counter to keep.
 */
export async function freeEndCapNote(tx: Db, session: Session, endReason: EndReason): Promise<string | null> {
  if (END_REASON_RETRY[endReason] !== "free") return null;
  const taskId = currentTaskIdOf(session);
  if (!taskId) return null;
  const earlier = (await listSessions(tx, { taskId, statuses: ENDED_SESSION_STATUSES, limit: MAX_FREE_ENDS_IN_A_ROW }))
    .filter((ended) => ended.id !== session.id)
    .map((ended) => ended.endReason);
  if (freeEndsInARow(earlier) < MAX_FREE_ENDS_IN_A_ROW) return null;
  return freeEndsCountedText([endReason, ...(earlier as EndReason[])]);
}
