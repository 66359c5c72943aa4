import {
  type DbClient,
  findSessionById,
  findSessionLease,
  raiseSessionPeakRss,
  touchSessionHeartbeat,
} from "@maestro/db";
import type { HeartbeatInput } from "@maestro/domain";
import { changeSession } from "../session/session-writes";
import { type RecordEvent, type VerbArgs, inTransaction } from "../unit-of-work";
import { isHeldBy } from "./lease";

/** A peak this much above the stored one is published (the session page shows it live); less is stored quietly. */
const NOTABLE_RISE = 1.1;

/** Keeps the session's highest memory; a first reading or a notable rise is an event, so a few per session at most. */
function recordPeak(tx: DbClient, record: RecordEvent, sessionId: string, peakRssMb: number): void {
  const session = findSessionById(tx, sessionId);
  if (!session || (session.peakRssMb !== null && peakRssMb <= session.peakRssMb)) return;
  if (session.peakRssMb === null || peakRssMb >= session.peakRssMb * NOTABLE_RISE) {
    changeSession(tx, record, session, { peakRssMb });
  } else {
    raiseSessionPeakRss(tx, sessionId, peakRssMb);
  }
}

/**
 * Keeps leases alive and records each session's peak memory; takes the runner's reading of its
 * machine's available memory (autopilot admits against it); answers which sessions must stop
 * (asked to, or no longer held).
 */
export function heartbeat({ ctx, input }: VerbArgs<HeartbeatInput>): { stop: string[] } {
  const now = new Date();
  if (input.availableMemoryMb !== undefined) ctx.memory.report(input.runnerId, input.availableMemoryMb, now.getTime());
  return inTransaction(ctx, (tx, record) => {
    const stop: string[] = [];
    for (const { sessionId, lease, peakRssMb } of input.sessions) {
      const held = findSessionLease(tx, sessionId);
      if (!held || !isHeldBy(held, lease) || held.stopRequested) {
        stop.push(sessionId);
        continue;
      }
      touchSessionHeartbeat(tx, sessionId, now);
      if (peakRssMb !== undefined) recordPeak(tx, record, sessionId, peakRssMb);
    }
    return { stop };
  });
}
