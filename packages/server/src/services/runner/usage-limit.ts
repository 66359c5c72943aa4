/** How long a profile pauses after a usage limit that names no reset time. */
export const USAGE_LIMIT_BACKOFF_MS = 15 * 60_000;
/** The longest pause an agent's printed reset time may cause: a far-off epoch must not pause a profile forever. */
export const USAGE_LIMIT_MAX_PAUSE_MS = 7 * 24 * 60 * 60_000;
/** Ends a pause's reason (and the waiting session's error) when the reset time was cut down to the cap. */
export const USAGE_LIMIT_CAPPED_NOTE = "(its reset time was more than 7 days away; capped at 7 days)";

/** When a pause for a usage limit ends: the agent's reset time if it is ahead, else a back-off; never past the cap. */
export function usageLimitPauseEnd(resetAt: string | null, now: number): { until: Date; isCapped: boolean } {
  const reset = resetAt ? Date.parse(resetAt) : Number.NaN;
  const wanted = Number.isFinite(reset) && reset > now ? reset : now + USAGE_LIMIT_BACKOFF_MS;
  const isCapped = wanted > now + USAGE_LIMIT_MAX_PAUSE_MS;
  return { until: new Date(isCapped ? now + USAGE_LIMIT_MAX_PAUSE_MS : wanted), isCapped };
}
