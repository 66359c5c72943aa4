import { z } from "zod";
import type { OutputFormat } from "./agent-launch";

/** What structured agent output means, whichever tool printed it. */
export const AgentEvent = z.discriminatedUnion("type", [
  z.object({ type: z.literal("message"), text: z.string() }),
  z.object({ type: z.literal("tool_use"), tool: z.string(), summary: z.string() }),
  z.object({ type: z.literal("file_edit"), path: z.string() }),
  z.object({
    type: z.literal("usage"),
    costUsd: z.number().nullable(),
    tokensIn: z.number().int(),
    tokensOut: z.number().int(),
    agentSessionId: z.string().nullable(),
  }),
  z.object({ type: z.literal("usage_limit"), message: z.string(), resetAt: z.string().nullable() }),
  z.object({ type: z.literal("error"), message: z.string() }),
]);
export type AgentEvent = z.infer<typeof AgentEvent>;

const MAX_TEXT = 4_000;
const EDIT_TOOLS = new Set(["Edit", "Write", "MultiEdit", "NotebookEdit"]);

function clip(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const str = (value: unknown): string | null => (typeof value === "string" ? value : null);
const num = (value: unknown): number => (typeof value === "number" && Number.isFinite(value) ? value : 0);

function parseJsonLine(line: string): Json | null {
  const trimmed = line.trim();
  if (!trimmed.startsWith("{")) return null;
  try {
    const value: unknown = JSON.parse(trimmed);
    return isObject(value) ? value : null;
  } catch {
    return null;
  }
}

/** Claude Code's usage-limit text: "Claude AI usage limit reached|<unix seconds>" or "… limit reached ∙ resets 3pm". */
export function detectUsageLimit(text: string): { message: string; resetAt: string | null } | null {
  const epoch = text.match(/usage limit reached\|(\d{9,11})/i);
  if (epoch) return { message: "usage limit reached", resetAt: new Date(Number(epoch[1]) * 1000).toISOString() };
  if (
    /(usage|rate) limit (reached|exceeded)|limit reached.*resets|\b429\b.*(too many requests|rate limit)/i.test(text)
  ) {
    return { message: clip(text.trim()), resetAt: null };
  }
  return null;
}

function summarizeInput(input: unknown): string {
  if (!isObject(input)) return "";
  const first =
    str(input.file_path) ??
    str(input.command) ??
    str(input.pattern) ??
    str(input.path) ??
    str(input.url) ??
    str(input.description);
  return clip(first ?? JSON.stringify(input));
}

/** One line of `claude -p --output-format stream-json --verbose`. */
export function parseClaudeLine(line: string): AgentEvent[] {
  const event = parseJsonLine(line);
  if (!event) return [];
  if (event.type === "assistant" && isObject(event.message) && Array.isArray(event.message.content)) {
    return event.message.content.flatMap((block): AgentEvent[] => {
      if (!isObject(block)) return [];
      if (block.type === "text" && str(block.text)) return [{ type: "message", text: clip(str(block.text)!) }];
      if (block.type !== "tool_use") return [];
      const tool = str(block.name) ?? "tool";
      const path = isObject(block.input) ? (str(block.input.file_path) ?? str(block.input.notebook_path)) : null;
      const use: AgentEvent = { type: "tool_use", tool, summary: summarizeInput(block.input) };
      return EDIT_TOOLS.has(tool) && path ? [use, { type: "file_edit", path }] : [use];
    });
  }
  if (event.type === "result") {
    const usage = isObject(event.usage) ? event.usage : {};
    const events: AgentEvent[] = [
      {
        type: "usage",
        costUsd: typeof event.total_cost_usd === "number" ? event.total_cost_usd : null,
        tokensIn: num(usage.input_tokens) + num(usage.cache_creation_input_tokens) + num(usage.cache_read_input_tokens),
        tokensOut: num(usage.output_tokens),
        agentSessionId: str(event.session_id),
      },
    ];
    const result = str(event.result) ?? "";
    const limit = detectUsageLimit(result);
    if (limit) events.push({ type: "usage_limit", ...limit });
    else if (event.is_error === true) {
      events.push({ type: "error", message: clip(result || String(event.subtype ?? "error")) });
    }
    return events;
  }
  return [];
}

/** One line of `codex exec --json`. */
export function parseCodexLine(line: string): AgentEvent[] {
  const event = parseJsonLine(line);
  if (!event) return [];
  const item = isObject(event.item) ? event.item : null;
  if (event.type === "item.completed" && item) {
    if (item.type === "agent_message" && str(item.text)) return [{ type: "message", text: clip(str(item.text)!) }];
    if (item.type === "command_execution") {
      return [{ type: "tool_use", tool: "shell", summary: clip(str(item.command) ?? "") }];
    }
    if (item.type === "file_change" && Array.isArray(item.changes)) {
      return item.changes.flatMap((change): AgentEvent[] =>
        isObject(change) && str(change.path) ? [{ type: "file_edit", path: str(change.path)! }] : [],
      );
    }
    return [];
  }
  if (event.type === "thread.started" && str(event.thread_id)) {
    return [{ type: "usage", costUsd: null, tokensIn: 0, tokensOut: 0, agentSessionId: str(event.thread_id) }];
  }
  if (event.type === "turn.completed" && isObject(event.usage)) {
    return [
      {
        type: "usage",
        costUsd: null,
        tokensIn: num(event.usage.input_tokens),
        tokensOut: num(event.usage.output_tokens),
        agentSessionId: null,
      },
    ];
  }
  const failure =
    event.type === "turn.failed" && isObject(event.error)
      ? str(event.error.message)
      : event.type === "error"
        ? str(event.message)
        : null;
  if (failure !== null) {
    const limit = detectUsageLimit(failure);
    return [limit ? { type: "usage_limit", ...limit } : { type: "error", message: clip(failure) }];
  }
  return [];
}

/** Plain-text agents: only a usage or rate limit is recognised (to pause and resume the agent). */
export function parseTextLine(line: string): AgentEvent[] {
  const limit = line.length <= MAX_TEXT ? detectUsageLimit(line) : null;
  return limit ? [{ type: "usage_limit", ...limit }] : [];
}

/** Lines longer than this are parsed no further (they stay in the log as text). */
const MAX_LINE = 4 * 1024 * 1024;

/**
 * Turns an agent's stdout, arriving in arbitrary chunks, into events: lines are reassembled
 * across chunks, and an overlong line is dropped from parsing instead of growing without bound.
 */
export function createOutputParser(format: OutputFormat) {
  const parseLine =
    format === "claude-stream-json" ? parseClaudeLine : format === "codex-json" ? parseCodexLine : parseTextLine;
  let partial = "";
  let isSkipping = false;
  const parse = (line: string): AgentEvent[] => parseLine(line);
  return {
    push(text: string): AgentEvent[] {
      const events: AgentEvent[] = [];
      const lines = (partial + text).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) {
        if (isSkipping) isSkipping = false;
        else events.push(...parse(line));
      }
      if (partial.length > MAX_LINE) {
        partial = "";
        isSkipping = true;
      }
      return events;
    },
    end(): AgentEvent[] {
      const rest = isSkipping ? "" : partial;
      partial = "";
      return rest ? parse(rest) : [];
    },
  };
}
