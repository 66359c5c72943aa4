import type { Session, SessionStatus } from "@maestro/domain";

export const SESSION_STATUS_LABELS: Record<SessionStatus, string> = {
  queued: "Queued",
  starting: "Starting",
  running: "Running",
  needs_input: "Needs input",
  waiting: "Waiting",
  succeeded: "Succeeded",
  failed: "Failed",
  cancelled: "Cancelled",
  interrupted: "Interrupted",
  timed_out: "Timed out",
};

/** Output older than this on a running session earns a "No output for N min" hint. */
export const STALL_AFTER_MS = 2 * 60_000;

export function shortId(id: string): string {
  return id.slice(0, 8);
}

/** "1h 02m", "3m 05s", "12s"; null when the session never started. */
export function formatDuration(session: Pick<Session, "startedAt" | "endedAt">, now: number): string | null {
  if (!session.startedAt) return null;
  const end = session.endedAt ? Date.parse(session.endedAt) : now;
  const seconds = Math.max(0, Math.round((end - Date.parse(session.startedAt)) / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, "0")}m`;
  if (m > 0) return `${m}m ${String(s).padStart(2, "0")}s`;
  return `${s}s`;
}

export function formatCost(costUsd: number): string {
  if (costUsd === 0) return "—";
  if (costUsd < 0.01) return "<$0.01";
  return `$${costUsd.toFixed(2)}`;
}

/** Why a cost is marked: the agent reported tokens only, so Maestro priced them. */
export const ESTIMATE_NOTE = "Estimated from the agent's tokens at the model's list price";

/** A session's cost, marked when Maestro priced its tokens itself: "≈ $0.12 (estimate)". */
export function formatSessionCost(session: Pick<Session, "costUsd" | "costIsEstimate">): string {
  if (!session.costIsEstimate) return formatCost(session.costUsd);
  return `≈ ${session.costUsd === 0 ? "$0.00" : formatCost(session.costUsd)} (estimate)`;
}

export function formatTokens(count: number): string {
  return count.toLocaleString("en-US");
}

/**
 * Whole minutes without output of a running session, once past the stall threshold; null otherwise.
 * `lastOutputAt` is the newest of the server's value and the last log chunk seen live.
 */
export function stalledMinutes(
  status: SessionStatus,
  lastOutputAt: string | null,
  startedAt: string | null,
  now: number,
): number | null {
  if (status !== "running") return null;
  const since = lastOutputAt ?? startedAt;
  if (!since) return null;
  const silentMs = now - Date.parse(since);
  return silentMs >= STALL_AFTER_MS ? Math.floor(silentMs / 60_000) : null;
}

/**
 * Whether the server's stalled flag still holds: a running session flagged stalled with no
 * output seen (live or stored) since the flag.
 */
export function isFlaggedStalled(
  status: SessionStatus,
  stalledAt: string | null,
  lastOutputAt: string | null,
): boolean {
  return status === "running" && stalledAt !== null && laterTime(stalledAt, lastOutputAt) === stalledAt;
}

/** The later of two ISO timestamps (either may be missing). */
export function laterTime(a: string | null, b: string | null): string | null {
  if (!a) return b;
  if (!b) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

/** A time of day with seconds, for timelines where events come seconds apart. */
export function formatClock(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}
