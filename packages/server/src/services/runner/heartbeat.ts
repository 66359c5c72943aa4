import { findSessionLease, touchSessionHeartbeat } from "@maestro/db";
import type { HeartbeatInput } from "@maestro/domain";
import type { VerbArgs } from "../unit-of-work";
import { isHeldBy } from "./lease";

/** Keeps leases alive; answers which of them must stop (asked to, or no longer held). */
export function heartbeat({ ctx, input }: VerbArgs<HeartbeatInput>): { stop: string[] } {
  const now = new Date();
  return ctx.database.transaction((tx) => {
    const stop: string[] = [];
    for (const { sessionId, lease } of input.sessions) {
      const held = findSessionLease(tx, sessionId);
      if (!held || !isHeldBy(held, lease) || held.stopRequested) {
        stop.push(sessionId);
        continue;
      }
      touchSessionHeartbeat(tx, sessionId, now);
    }
    return { stop };
  });
}
