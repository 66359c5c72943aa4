import type { AgentEvent } from "./events";
import { clip, isObject, num, parseJsonLine, str, type Json } from "./json";
import { summarizeToolInput, tail } from "./tool-summary";
import { detectUsageLimit } from "./usage-limit";

const EDIT_TOOLS = new Set(["write", "edit", "multiedit"]);

/** Anthropic's API spending cap, as OpenCode passes it on: "… usage limits. You will regain access on 2027-01-01 at 00:00 UTC." */
function apiLimit(message: string): { message: string; resetAt: string | null } | null {
  const known = detectUsageLimit(message);
  if (known) return known;
  if (!/usage limits?\b|quota/i.test(message)) return null;
  const at = message.match(/regain access on (\d{4}-\d{2}-\d{2}) at (\d{2}:\d{2}) UTC/);
  return { message: clip(message.trim()), resetAt: at ? `${at[1]}T${at[2]}:00.000Z` : null };
}

function toolEvents(part: Json): AgentEvent[] {
  const state = isObject(part.state) ? part.state : {};
  const tool = (str(part.tool) ?? "tool").slice(0, 200);
  const input = isObject(state.input) ? state.input : {};
  const meta = isObject(state.metadata) ? state.metadata : {};
  const output = str(state.output);
  const use: AgentEvent = {
    type: "tool_use",
    tool,
    summary: summarizeToolInput(input),
    ...(typeof meta.exit === "number" && Number.isInteger(meta.exit) ? { exitCode: meta.exit } : {}),
    ...(output ? { output: tail(output) } : {}),
  };
  if (state.status === "error") {
    return [use, { type: "warning", message: clip(`${tool}: ${str(state.error) ?? "failed"}`) }];
  }
  const path = EDIT_TOOLS.has(tool) ? (str(meta.filepath) ?? str(input.filePath)) : null;
  return path ? [use, { type: "file_edit", path: path.slice(0, 4_000) }] : [use];
}

/** A step's tokens: OpenCode counts input without the cache and output without reasoning. */
function usageEvent(part: Json, sessionId: string | null): AgentEvent {
  const tokens = isObject(part.tokens) ? part.tokens : {};
  const cache = isObject(tokens.cache) ? tokens.cache : {};
  const tokensIn = num(tokens.input) + num(cache.read) + num(cache.write);
  const tokensOut = num(tokens.output) + num(tokens.reasoning);
  // OpenCode prices only the models it knows and says 0 for the others: that is no cost reported.
  const cost = num(part.cost);
  return {
    type: "usage",
    costUsd: cost > 0 || tokensIn + tokensOut === 0 ? cost : null,
    tokensIn,
    tokensCached: num(cache.read),
    tokensOut,
    agentSessionId: sessionId,
  };
}

function errorEvent(error: Json): AgentEvent {
  const data = isObject(error.data) ? error.data : {};
  const message = str(data.message) ?? str(error.name) ?? "OpenCode failed";
  const limit = data.statusCode === 429 ? { message: clip(message), resetAt: null } : apiLimit(message);
  return limit ? { type: "usage_limit", ...limit } : { type: "error", message: clip(message) };
}

/** One line of `opencode run --format json`. */
export function parseOpencodeLine(line: string): AgentEvent[] {
  const event = parseJsonLine(line);
  if (!event) return [];
  const part = isObject(event.part) ? event.part : {};
  const sessionId = str(event.sessionID)?.slice(0, 200) ?? null;
  switch (event.type) {
    case "text": {
      const text = (str(part.text) ?? "").trim();
      return text ? [{ type: "message", text: clip(text) }] : [];
    }
    case "tool_use":
      return toolEvents(part);
    case "step_finish":
      return [usageEvent(part, sessionId)];
    case "error":
      return [errorEvent(isObject(event.error) ? event.error : {})];
    default:
      return [];
  }
}
