export interface RetryPolicy {
  baseSec: number;
  maxSec: number;
}

/** Capped exponential backoff with jitter: base·2^(n-1), at most max, then ±20 %. */
export function retryDelayMs(failedAttempts: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxSec, policy.baseSec * 2 ** Math.max(0, failedAttempts - 1)) * 1000;
  return Math.round(exponential * (0.8 + 0.4 * random()));
}
