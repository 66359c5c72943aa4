import {
  type Db,
  findSessionById,
  findSessionLease,
  raiseSessionPeakRss,
  renewLandJob,
  touchSessionHeartbeat,
} from "@maestro/db";
import type { HeartbeatInput } from "@maestro/domain";
import { changeSession } from "../session/session-writes";
import { type RecordEvent, type VerbArgs, inTransaction } from "../unit-of-work";
import { LAND_JOB_LEASE_MS } from "./claim-landing";
import { isHeldBy } from "./lease";

/** A peak this much above the stored one is published (the session page shows it live); less is stored quietly. */
const NOTABLE_RISE = 1.1;

/** Keeps the session's highest memory; a first reading or a notable rise is an event, so a few per session at most. */
async function recordPeak(tx: Db, record: RecordEvent, sessionId: string, peakRssMb: number): Promise<void> {
  const session = await findSessionById(tx, sessionId);
  if (!session || (session.peakRssMb !== null && peakRssMb <= session.peakRssMb)) return;
  if (session.peakRssMb === null || peakRssMb >= session.peakRssMb * NOTABLE_RISE) {
    await changeSession(tx, record, session, { peakRssMb });
  } else {
    await raiseSessionPeakRss(tx, sessionId, peakRssMb);
  }
}

/**
 * Keeps leases alive (of sessions, and of the land jobs the runner is landing: a job is renewed
 * only under its own lease, so a runner whose claim was taken over renews nothing) and records
 * each session's peak memory; takes the runner's reading of its machine's available memory
 * (autopilot admits against it); answers which sessions must stop (asked to, or no longer held).
 */
export async function heartbeat({ ctx, input }: VerbArgs<HeartbeatInput>): Promise<{ stop: string[] }> {
  const now = new Date();
  if (input.availableMemoryMb !== undefined) ctx.memory.report(input.runnerId, input.availableMemoryMb, now.getTime());
  return await inTransaction(ctx, async (tx, record) => {
    const stop: string[] = [];
    for (const { sessionId, lease, peakRssMb } of input.sessions) {
      const held = await findSessionLease(tx, sessionId);
      if (!held || !isHeldBy(held, lease) || held.stopRequested) {
        stop.push(sessionId);
        continue;
      }
      await touchSessionHeartbeat(tx, sessionId, now);
      if (peakRssMb !== undefined) await recordPeak(tx, record, sessionId, peakRssMb);
    }
    const landJobsUntil = new Date(now.getTime() + LAND_JOB_LEASE_MS);
    for (const { jobId, lease } of input.landJobs ?? []) await renewLandJob(tx, jobId, lease, landJobsUntil);
    return { stop };
  });
}
