import { findSessionLease, raiseSessionPeakRss, touchSessionHeartbeat } from "@maestro/db";
import type { HeartbeatInput } from "@maestro/domain";
import type { VerbArgs } from "../unit-of-work";
import { isHeldBy } from "./lease";

/**
 * Keeps leases alive and records each session's peak memory; takes the runner's reading of its
 * machine's available memory (autopilot admits against it); answers which sessions must stop
 * (asked to, or no longer held).
 */
export function heartbeat({ ctx, input }: VerbArgs<HeartbeatInput>): { stop: string[] } {
  const now = new Date();
  if (input.availableMemoryMb !== undefined) ctx.memory.report(input.runnerId, input.availableMemoryMb, now.getTime());
  return ctx.database.transaction((tx) => {
    const stop: string[] = [];
    for (const { sessionId, lease, peakRssMb } of input.sessions) {
      const held = findSessionLease(tx, sessionId);
      if (!held || !isHeldBy(held, lease) || held.stopRequested) {
        stop.push(sessionId);
        continue;
      }
      touchSessionHeartbeat(tx, sessionId, now);
      if (peakRssMb !== undefined) raiseSessionPeakRss(tx, sessionId, peakRssMb);
    }
    return { stop };
  });
}
