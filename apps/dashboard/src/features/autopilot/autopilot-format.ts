import { type AutopilotStateName, StartAutopilotInput } from "@maestro/domain";

export const AUTOPILOT_STATE_LABELS: Record<AutopilotStateName, string> = { off: "Off", on: "On", paused: "Paused" };

/** "14:05 UTC", as the server's reason texts write times. */
export function formatUtcClock(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().slice(11, 16)} UTC`;
}

export interface LimitLike {
  busy: number;
  limit: number | null;
}

/** "1 / 4 busy", or "2 busy" when there is no limit. */
export function formatLimit({ busy, limit }: LimitLike): string {
  return limit === null ? `${busy} busy, no limit` : `${busy} / ${limit} busy`;
}

export function isAtLimit({ busy, limit }: LimitLike): boolean {
  return limit !== null && busy >= limit;
}

/** Milliseconds until the scheduler wakes (a retry or a pause ends), plus a little; false when never. */
export function nextWakeDelay(wakeAt: string | null, now: number): number | false {
  if (!wakeAt) return false;
  const at = Date.parse(wakeAt);
  if (Number.isNaN(at)) return false;
  return Math.max(2_000, at - now + 500);
}

/** What the max-concurrent field holds: empty means the project's own limit. */
export type MaxConcurrentDraft = { value: number | null } | { error: string };

export function parseMaxConcurrent(text: string): MaxConcurrentDraft {
  const trimmed = text.trim();
  if (trimmed === "") return { value: null };
  const value = Number(trimmed);
  if (!Number.isInteger(value)) return { error: "must be a whole number" };
  const parsed = StartAutopilotInput.shape.maxConcurrent.safeParse(value);
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "is not valid" };
  return { value };
}

/** An explanation per task id, from the status's `tasks` list. */
export function explanationsByTask(
  tasks: ReadonlyArray<{ taskId: string; text: string }> | undefined,
): Map<string, string> {
  return new Map((tasks ?? []).map((entry) => [entry.taskId, entry.text]));
}
