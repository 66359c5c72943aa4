import type { SessionPatch } from "@maestro/db";
import type { Session } from "@maestro/domain";

/**
 * What silence means for a running session: flagged stalled at half its stall limit, asked to
 * stop (reason `stalled`) at the limit. Silence counts from its last output, else its start.
 */
export function checkStall(
  session: Pick<Session, "startedAt" | "lastOutputAt" | "stalledAt">,
  stallSec: number,
  now: number,
): SessionPatch | null {
  const since = session.lastOutputAt ?? session.startedAt;
  if (!since) return null;
  const silentMs = now - Date.parse(since);
  if (silentMs >= stallSec * 1000) return { stopRequested: true, stopReason: "stalled" };
  if (silentMs >= (stallSec * 1000) / 2 && !session.stalledAt) return { stalledAt: new Date(now).toISOString() };
  return null;
}
