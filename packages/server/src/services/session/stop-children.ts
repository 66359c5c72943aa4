import { type Db, findSessionLease, listSessions } from "@maestro/db";
import { BUSY_SESSION_STATUSES, type Session, isSessionLive } from "@maestro/domain";
import type { RecordEvent } from "../unit-of-work";
import { changeSession } from "./session-writes";

/**
 * Ends a session that has no process to stop (queued, or waiting for a usage limit) as its stop
 * says: settleSession, passed in because settling a session stops its children (no import cycle).
 */
export type SettleStopped = (
  tx: Db,
  record: RecordEvent,
  session: Session,
  outcome: { exitCode: number | null; error: string | null },
) => Promise<Session>;

/** How a child stopped with its parent names who stopped it (`session:<id8>`, as describeEndReason words it). */
export function parentStopper(parentId: string): string {
  return `session:${parentId.slice(0, 8)}`;
}

/** A live child already stopping for its own reason (a stall, a time limit, a person) keeps that reason. */
async function isStoppingAlready(tx: Db, child: Session): Promise<boolean> {
  if (!isSessionLive(child.status) || !child.stopRequested) return false;
  return (await findSessionLease(tx, child.id))?.stopReason !== "usage_limit";
}

/**
 * Stops every session `parent` delegated to that has not ended (queued, waiting or live), and
 * theirs, in the caller's transaction: a child is stopped as a person's stop is (end reason
 * `stopped`, no attempt used), with `stoppedBy` naming the parent. One without a process ends
 * now (settling it stops its own children); a live one is marked, its runner stops it, and its
 * children are stopped now rather than when it ends.
 */
export async function stopChildren(tx: Db, record: RecordEvent, parent: Session, settle: SettleStopped): Promise<void> {
  const children = await listSessions(tx, {
    parentSessionId: parent.id,
    statuses: BUSY_SESSION_STATUSES,
    limit: 10_000,
  });
  const stoppedBy = parentStopper(parent.id);
  for (const child of children) {
    if (await isStoppingAlready(tx, child)) continue;
    const marked = await changeSession(tx, record, child, { stopRequested: true, stopReason: "stopped", stoppedBy });
    if (isSessionLive(child.status)) await stopChildren(tx, record, marked, settle);
    else await settle(tx, record, marked, { exitCode: child.exitCode, error: "stopped with its parent session" });
  }
}
