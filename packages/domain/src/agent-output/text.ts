import type { AgentEvent } from "./events";
import { MAX_TEXT } from "./json";
import { detectUsageLimit } from "./usage-limit";

/** Plain-text agents: only a usage or rate limit is recognised (to pause and resume the agent). */
export function parseTextLine(line: string): AgentEvent[] {
  const limit = line.length <= MAX_TEXT ? detectUsageLimit(line) : null;
  return limit ? [{ type: "usage_limit", ...limit }] : [];
}
