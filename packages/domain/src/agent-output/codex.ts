import type { AgentEvent } from "./events";
import { type Json, MAX_TEXT, clip, isObject, num, parseJsonLine, str } from "./json";
import { summarizeToolInput } from "./tool-summary";
import { detectCodexUsageLimit, detectUsageLimit } from "./usage-limit";

/** What the lines themselves do not say: the model the run was given, and the time (for "try again at 8:19 PM"). */
export interface CodexContext {
  model?: string | null;
  now?: () => Date;
}

/** How much of a command's output an event keeps: its end, where the error usually is. */
const OUTPUT_TAIL = 2_000;

const tail = (text: string) => (text.length > OUTPUT_TAIL ? `…${text.slice(-(OUTPUT_TAIL - 1))}` : text);

/** Codex runs each command as `/bin/bash -c '<command>'` (or "…" quoted): the summary is the command itself. */
function unwrapShell(command: string): string {
  const match = command.match(/^(?:\/[\w/]+\/)?(?:ba|z)?sh -l?c (?:'([\s\S]*)'|"([\s\S]*)")$/);
  if (match?.[1] !== undefined) return match[1].replaceAll(`'\\''`, "'");
  if (match?.[2] !== undefined) return match[2].replace(/\\([\\"$`])/g, "$1");
  return command;
}

/** What a failed MCP call said: its transport error, else the text of the tool's error result. */
function mcpFailure(item: Json): string {
  if (isObject(item.error)) return str(item.error.message) ?? "failed";
  if (str(item.error)) return str(item.error)!;
  const content = isObject(item.result) && Array.isArray(item.result.content) ? item.result.content : [];
  const texts = content.flatMap((part) => (isObject(part) && str(part.text) ? [str(part.text)!] : []));
  return texts.join(" ") || "failed";
}

/** An MCP tool's call, named as Claude Code names one (`mcp__<server>__<tool>`); a failed one says why. */
function mcpToolCall(item: Json): AgentEvent[] {
  const tool = `mcp__${str(item.server) ?? ""}__${str(item.tool) ?? ""}`.slice(0, 200);
  const use: AgentEvent = { type: "tool_use", tool, summary: summarizeToolInput(item.arguments) };
  if (item.status !== "failed" && !item.error) return [use];
  return [use, { type: "warning", message: clip(`${tool} failed: ${mcpFailure(item)}`) }];
}

function completedItem(item: Json): AgentEvent[] {
  switch (item.type) {
    case "agent_message":
      return str(item.text) ? [{ type: "message", text: clip(str(item.text)!) }] : [];
    case "command_execution": {
      const output = str(item.aggregated_output) ?? "";
      const exitCode = typeof item.exit_code === "number" ? item.exit_code : null;
      const use: AgentEvent = { type: "tool_use", tool: "shell", summary: clip(unwrapShell(str(item.command) ?? "")) };
      return [{ ...use, exitCode, ...(output ? { output: tail(output) } : {}) }];
    }
    case "file_change":
      return Array.isArray(item.changes)
        ? item.changes.flatMap((change): AgentEvent[] =>
            isObject(change) && str(change.path) ? [{ type: "file_edit", path: clip(str(change.path)!) }] : [],
          )
        : [];
    case "mcp_tool_call":
      return mcpToolCall(item);
    // Codex reports its own warnings (an unknown model's metadata, a skipped config) as items.
    case "error":
    case "warning":
      return str(item.message) ? [{ type: "warning", message: clip(str(item.message)!) }] : [];
    default:
      return [];
  }
}

/** An API error arrives as its JSON body: `{"error":{"message":…}}` reads better as its message. */
function readableError(message: string): string {
  if (message.length > MAX_TEXT) return clip(message);
  const body = parseJsonLine(message);
  const inner = body && isObject(body.error) ? str(body.error.message) : null;
  return clip(inner ?? message);
}

/** A top-level `error` that Codex recovers from by itself ("Reconnecting... 2/5 (…)"). */
const isTransient = (message: string) => /^\s*(reconnecting\.\.\.|server is busy, reconnecting)/i.test(message);

function failure(message: string, now: Date, isNotice: boolean): AgentEvent[] {
  if (isNotice && isTransient(message)) return [{ type: "notice", message: clip(message) }];
  const limit = detectCodexUsageLimit(message.slice(0, MAX_TEXT), now) ?? detectUsageLimit(message.slice(0, MAX_TEXT));
  return [limit ? { type: "usage_limit", ...limit } : { type: "error", message: readableError(message) }];
}

function usage(event: Json, model: string | null): AgentEvent[] {
  const tokens = isObject(event.usage) ? event.usage : {};
  // input_tokens already counts the cached ones, output_tokens the reasoning ones (Responses API).
  return [
    {
      type: "usage",
      costUsd: null,
      tokensIn: num(tokens.input_tokens),
      tokensCached: num(tokens.cached_input_tokens),
      tokensOut: num(tokens.output_tokens),
      agentSessionId: null,
      model,
    },
  ];
}

function parseCodexEvent(event: Json, context: CodexContext): AgentEvent[] {
  const model = context.model ?? null;
  const now = () => context.now?.() ?? new Date();
  switch (event.type) {
    case "thread.started":
      return str(event.thread_id)
        ? [{ type: "usage", costUsd: null, tokensIn: 0, tokensOut: 0, agentSessionId: str(event.thread_id), model }]
        : [];
    case "item.completed":
      return isObject(event.item) ? completedItem(event.item) : [];
    case "turn.completed":
      return usage(event, model);
    case "error":
      return str(event.message) ? failure(str(event.message)!, now(), true) : [];
    case "turn.failed": {
      const message = isObject(event.error) ? str(event.error.message) : null;
      return message ? failure(message, now(), false) : [{ type: "error", message: "the turn failed" }];
    }
    default:
      return [];
  }
}

/** One line of `codex exec --json` (as Codex 0.171 prints it), on its own: a usage is the running total. */
export function parseCodexLine(line: string, context: CodexContext = {}): AgentEvent[] {
  const event = parseJsonLine(line);
  return event ? parseCodexEvent(event, context) : [];
}

/** The failure's message as far as it is compared (bounded, like everything a parser keeps). */
const failureKey = (message: unknown) => str(message)?.slice(0, MAX_TEXT) ?? null;

type Usage = Extract<AgentEvent, { type: "usage" }>;

/**
 * Codex's lines in order. A failed turn prints its error twice (`error`, then `turn.failed`
 * with the same message): the second adds nothing, so only the last error is remembered. A
 * `turn.completed` holds the conversation's running total: each usage event says what was spent
 * since the last one this run saw. A resumed run's first total includes its earlier runs, which
 * recorded nothing: a Codex run that can be resumed ended before its turn completed.
 */
export function createCodexParser(context: CodexContext = {}): (line: string) => AgentEvent[] {
  let lastError: string | null = null;
  let total = { tokensIn: 0, tokensCached: 0, tokensOut: 0 };
  const isRepeat = (event: Json) =>
    event.type === "turn.failed" &&
    lastError !== null &&
    failureKey(isObject(event.error) ? event.error.message : null) === lastError;
  const sinceLast = (usage: Usage): Usage => {
    const now = { tokensIn: usage.tokensIn, tokensCached: usage.tokensCached ?? 0, tokensOut: usage.tokensOut };
    const spent = {
      tokensIn: Math.max(0, now.tokensIn - total.tokensIn),
      tokensCached: Math.max(0, now.tokensCached - total.tokensCached),
      tokensOut: Math.max(0, now.tokensOut - total.tokensOut),
    };
    total = now;
    return { ...usage, ...spent };
  };
  return (line) => {
    const event = parseJsonLine(line);
    if (!event || isRepeat(event)) return [];
    if (event.type === "turn.started") lastError = null;
    if (event.type === "error") lastError = failureKey(event.message);
    const events = parseCodexEvent(event, context);
    return event.type === "turn.completed"
      ? events.map((parsed) => (parsed.type === "usage" ? sinceLast(parsed) : parsed))
      : events;
  };
}
