import type { AgentEvent } from "./events";
import { MAX_TEXT, clip, isObject, num, parseJsonLine, str, type Json } from "./json";
import type { LineParser } from "./line-parser";
import { summarizeToolInput, tail } from "./tool-summary";
import { detectUsageLimit } from "./usage-limit";

const EDIT_TOOLS = new Set(["write_file", "replace"]);
/** Tool calls awaiting their result; a tool that never answers is not kept for ever. */
const MAX_PENDING = 64;

interface PendingTool {
  tool: string;
  summary: string;
  path: string | null;
}

/** Gemini's quota answers ("You have exhausted your daily quota on this model.", RESOURCE_EXHAUSTED). */
const QUOTA = /exhausted your (daily )?(quota|capacity)|quota exceeded|resource_exhausted|reached your daily .*quota/i;

function geminiLimit(message: string): { message: string; resetAt: string | null } | null {
  const known = detectUsageLimit(message);
  if (known) return known;
  if (!QUOTA.test(message)) return null;
  const retry = message.match(/retry (?:after|in) (\d+(?:\.\d+)?)s\b/i);
  const resetAt = retry ? new Date(Date.now() + Number(retry[1]) * 1000).toISOString() : null;
  return { message: clip(message.trim()), resetAt };
}

/** What the run used, one usage per model (Gemini routes some calls to a smaller model). */
function usageOf(stats: Json): AgentEvent[] {
  const models = isObject(stats.models) ? Object.entries(stats.models) : [];
  const usage = (model: string | null, counts: Json): AgentEvent => ({
    type: "usage",
    costUsd: null,
    tokensIn: num(counts.input_tokens),
    tokensCached: num(counts.cached),
    tokensOut: num(counts.output_tokens),
    agentSessionId: null,
    model,
  });
  const perModel = models.flatMap(([model, counts]) =>
    isObject(counts) && num(counts.total_tokens) > 0 ? [usage(model.slice(0, 200), counts)] : [],
  );
  if (perModel.length > 0 || num(stats.total_tokens) === 0) return perModel;
  return [usage(null, stats)];
}

function resultEvents(event: Json): AgentEvent[] {
  const events = isObject(event.stats) ? usageOf(event.stats) : [];
  if (event.status !== "error") return events;
  const message = (isObject(event.error) ? str(event.error.message) : null) ?? "Gemini CLI failed";
  const limit = geminiLimit(message);
  return [...events, limit ? { type: "usage_limit", ...limit } : { type: "error", message: clip(message) }];
}

type PendingTools = Map<string, PendingTool>;

function callTool(pending: PendingTools, event: Json): void {
  const tool = (str(event.tool_name) ?? "tool").slice(0, 200);
  const params = isObject(event.parameters) ? event.parameters : {};
  if (pending.size >= MAX_PENDING) pending.delete(pending.keys().next().value!);
  pending.set(str(event.tool_id) ?? String(pending.size), {
    tool,
    summary: summarizeToolInput(params),
    path: EDIT_TOOLS.has(tool) ? str(params.file_path) : null,
  });
}

function answerTool(pending: PendingTools, event: Json): AgentEvent[] {
  const id = str(event.tool_id) ?? "";
  const call = pending.get(id);
  if (!call) return [];
  pending.delete(id);
  const output = str(event.output);
  const use: AgentEvent = {
    type: "tool_use",
    tool: call.tool,
    summary: call.summary,
    ...(output ? { output: tail(output) } : {}),
  };
  if (event.status === "error") {
    const why = (isObject(event.error) ? str(event.error.message) : null) ?? output ?? "failed";
    return [use, { type: "warning", message: clip(`${call.tool}: ${why}`) }];
  }
  return call.path ? [use, { type: "file_edit", path: call.path.slice(0, 4_000) }] : [use];
}

/** Calls that never got their result still show, without output. */
function flushTools(pending: PendingTools): AgentEvent[] {
  const events: AgentEvent[] = [...pending.values()].map(({ tool, summary }) => ({
    type: "tool_use",
    tool,
    summary,
  }));
  pending.clear();
  return events;
}

/** The events of any line but an assistant message's piece. */
function eventsOf(event: Json, pending: PendingTools): AgentEvent[] {
  switch (event.type) {
    case "init": {
      const id = str(event.session_id);
      return id ? [{ type: "usage", costUsd: null, tokensIn: 0, tokensOut: 0, agentSessionId: id }] : [];
    }
    case "tool_use":
      callTool(pending, event);
      return [];
    case "tool_result":
      return answerTool(pending, event);
    case "error": {
      const message = clip(str(event.message) ?? "error");
      return [{ type: event.severity === "warning" ? "warning" : "error", message }];
    }
    case "result":
      return [...flushTools(pending), ...resultEvents(event)];
    default:
      return [];
  }
}

/** `gemini --output-format stream-json`: assistant text arrives in pieces, tool results after their calls. */
export function createGeminiParser(): LineParser {
  let text = "";
  const pending: PendingTools = new Map();

  const flushText = (): AgentEvent[] => {
    const message = text.trim();
    text = "";
    return message ? [{ type: "message", text: clip(message) }] : [];
  };

  function line(raw: string): AgentEvent[] {
    const event = parseJsonLine(raw);
    if (!event) return [];
    if (event.type !== "message") return [...flushText(), ...eventsOf(event, pending)];
    if (event.role === "assistant" && text.length < MAX_TEXT) text += (str(event.content) ?? "").slice(0, MAX_TEXT);
    return [];
  }

  return { line, end: () => [...flushText(), ...flushTools(pending)] };
}
