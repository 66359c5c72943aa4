// How the Anthropic API tells a Claude subscription about its usage limits: the unified
// rate-limit headers, on a refusal (429) or on an answer that warns the limit is near. Claude
// Code reads them only when it runs on a subscription (CLAUDE_CODE_OAUTH_TOKEN), not an API key.
import type { ApiError } from "./anthropic-stand-in";

function unifiedHeaders(status: "rejected" | "allowed_warning", resetAt: Date, utilization: number) {
  const reset = String(Math.floor(resetAt.getTime() / 1000));
  return {
    "anthropic-ratelimit-unified-status": status,
    "anthropic-ratelimit-unified-reset": reset,
    "anthropic-ratelimit-unified-representative-claim": "five_hour",
    "anthropic-ratelimit-unified-5h-status": status,
    "anthropic-ratelimit-unified-5h-reset": reset,
    "anthropic-ratelimit-unified-5h-utilization": String(utilization),
  };
}

/** The refusal of a subscription whose 5-hour limit is used up until `resetAt`. */
export function usageLimitTurn(resetAt: Date): ApiError {
  return {
    error: {
      status: 429,
      type: "rate_limit_error",
      message: "This request would exceed your account's rate limit. Please try again later.",
      headers: { ...unifiedHeaders("rejected", resetAt, 1), "x-should-retry": "false" },
    },
  };
}

/** The headers of an answer that warns the 5-hour limit is near (`utilization` of 1). */
export function usageWarningHeaders(utilization: number, resetAt: Date): Record<string, string> {
  return {
    ...unifiedHeaders("allowed_warning", resetAt, utilization),
    "anthropic-ratelimit-unified-5h-surpassed-threshold": "0.9",
  };
}
