import type { AgentEvent } from "./events";
import { type Json, clip, isObject, num, parseJsonLine, str } from "./json";
import { detectUsageLimit } from "./usage-limit";

const EDIT_TOOLS = new Set(["Edit", "Write", "MultiEdit", "NotebookEdit"]);

/** Ids and model names are short; what the events schema allows. */
const MAX_NAME = 200;
const name = (value: unknown): string | null => str(value)?.slice(0, MAX_NAME) ?? null;

/** How Claude Code names a refusal for a usage limit (its text says when it resets, in local time). */
const USAGE_LIMIT = "usage_limit_reached";

/** Claude Code's words when `--resume <id>` names a conversation it does not have. */
const NO_CONVERSATION = /^No conversation found with session ID/;

/** The agent could not resume: the conversation it was asked to continue is gone. */
export function isMissingConversation(event: AgentEvent): boolean {
  return event.type === "error" && NO_CONVERSATION.test(event.message);
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

/**
 * An assistant turn: its text and tool calls. An API error comes as a made-up assistant turn and
 * again in the result; only a usage limit is taken from the turn, which alone says when it resets.
 */
function assistantEvents(event: Json): AgentEvent[] {
  const message = isObject(event.message) ? event.message : null;
  if (event.is_api_error_message === true) return event.api_error === USAGE_LIMIT ? [usageLimitOf(event)] : [];
  if (!message || !Array.isArray(message.content)) return [];
  return message.content.flatMap((block): AgentEvent[] => {
    if (!isObject(block)) return [];
    if (block.type === "text" && str(block.text)) return [{ type: "message", text: clip(str(block.text)!) }];
    if (block.type !== "tool_use") return [];
    const tool = name(block.name) ?? "tool";
    const path = isObject(block.input) ? (str(block.input.file_path) ?? str(block.input.notebook_path)) : null;
    const use: AgentEvent = { type: "tool_use", tool, summary: summarizeInput(block.input) };
    return EDIT_TOOLS.has(tool) && path ? [use, { type: "file_edit", path: path.slice(0, 4_000) }] : [use];
  });
}

/** The usage limit of a refused request, with its reset time (`api_error_params.rate_limit_info.resetsAt`, in seconds). */
function usageLimitOf(event: Json): AgentEvent {
  const params = isObject(event.api_error_params) ? event.api_error_params : {};
  const info = isObject(params.rate_limit_info) ? params.rate_limit_info : {};
  const resetsAt = num(info.resetsAt);
  const message = isObject(event.message) && Array.isArray(event.message.content) ? textOf(event.message.content) : "";
  const resetAt = resetsAt > 0 ? new Date(resetsAt * 1000).toISOString() : null;
  return { type: "usage_limit", message: clip(message || "usage limit reached"), resetAt };
}

/** The first text block of a content list (a tool result may be blocks rather than a string). */
function textOf(content: unknown): string {
  const block = Array.isArray(content) ? content.find((item) => isObject(item) && str(item.text)) : null;
  return isObject(block) ? (str(block.text) ?? "") : "";
}

/** A tool that ran and failed (a command's non-zero exit): the agent carries on, but it is a problem. */
function toolResultEvents(event: Json): AgentEvent[] {
  const content = isObject(event.message) && Array.isArray(event.message.content) ? event.message.content : [];
  // A refused tool never ran: its `permission_denied` line already said so.
  const refused =
    Array.isArray(event.tool_result_meta) &&
    event.tool_result_meta.some((meta) => isObject(meta) && meta.non_execution_kind);
  if (refused) return [];
  return content.flatMap((block): AgentEvent[] => {
    if (!isObject(block) || block.type !== "tool_result" || block.is_error !== true) return [];
    const text = str(block.content) ?? textOf(block.content);
    return text ? [{ type: "warning", message: clip(text) }] : [];
  });
}

function systemEvents(event: Json): AgentEvent[] {
  switch (event.subtype) {
    case "init":
      // Named before any work, so an agent stopped early can still be resumed.
      return [
        {
          type: "usage",
          costUsd: 0,
          tokensIn: 0,
          tokensOut: 0,
          agentSessionId: name(event.session_id),
          model: name(event.model),
        },
      ];
    case "api_retry": {
      const status = typeof event.error_status === "number" ? ` ${event.error_status}` : "";
      const error = str(event.error) ? ` (${str(event.error)})` : "";
      const attempt = `attempt ${num(event.attempt)} of ${num(event.max_retries)}`;
      return [{ type: "warning", message: clip(`API error${status}${error}: retrying, ${attempt}`) }];
    }
    case "permission_denied": {
      const why = str(event.message) ? `: ${str(event.message)}` : "";
      return [{ type: "warning", message: clip(`${name(event.tool_name) ?? "a tool"} was not permitted${why}`) }];
    }
    default:
      return [];
  }
}

/** A usage-limit warning ahead of the limit itself (the refusal comes as the result's error). */
function rateLimitEvents(event: Json): AgentEvent[] {
  const info = isObject(event.rate_limit_info) ? event.rate_limit_info : null;
  if (!info || info.status !== "allowed_warning") return [];
  const window = (name(info.rateLimitType) ?? "usage").replaceAll("_", " ");
  const used = typeof info.utilization === "number" ? `${Math.round(info.utilization * 100)}% of ` : "near ";
  const resetsAt = num(info.resetsAt);
  const reset = resetsAt > 0 ? `; it resets at ${new Date(resetsAt * 1000).toISOString()}` : "";
  return [{ type: "notice", message: `${used}the ${window} usage limit used${reset}` }];
}

/**
 * What this run spent, per model. On `--resume`, `total_cost_usd` and `modelUsage` add up the
 * whole conversation, earlier runs included; `model_usage_since_last_result` is this run's own.
 */
function usageEvents(event: Json): AgentEvent[] {
  const agentSessionId = name(event.session_id);
  const byModel = isObject(event.model_usage_since_last_result)
    ? event.model_usage_since_last_result
    : event.modelUsage;
  const models = isObject(byModel)
    ? Object.entries(byModel).filter((entry): entry is [string, Json] => isObject(entry[1]))
    : [];
  if (models.length === 0) {
    const usage = isObject(event.usage) ? event.usage : {};
    return [
      {
        type: "usage",
        costUsd: typeof event.total_cost_usd === "number" ? event.total_cost_usd : null,
        tokensIn: num(usage.input_tokens) + num(usage.cache_creation_input_tokens) + num(usage.cache_read_input_tokens),
        tokensOut: num(usage.output_tokens),
        agentSessionId,
        model: null,
      },
    ];
  }
  return models.map(([model, usage]) => ({
    type: "usage",
    costUsd: num(usage.costUSD),
    tokensIn: num(usage.inputTokens) + num(usage.cacheCreationInputTokens) + num(usage.cacheReadInputTokens),
    tokensOut: num(usage.outputTokens),
    agentSessionId,
    model: model.slice(0, MAX_NAME),
  }));
}

function resultEvents(event: Json): AgentEvent[] {
  const events = usageEvents(event);
  if (event.is_error !== true || event.api_error === USAGE_LIMIT) return events;
  const text = str(event.result) ?? "";
  // Older versions say a usage limit only in the result's text.
  const limit = detectUsageLimit(text);
  if (limit) return [...events, { type: "usage_limit", ...limit }];
  const errors = Array.isArray(event.errors) ? event.errors.flatMap((error) => str(error) ?? []).join("; ") : "";
  return [...events, { type: "error", message: clip(text || errors || String(event.subtype ?? "error")) }];
}

/** One line of `claude -p --output-format stream-json --verbose`. */
export function parseClaudeLine(line: string): AgentEvent[] {
  const event = parseJsonLine(line);
  if (!event) return [];
  switch (event.type) {
    case "assistant":
      return assistantEvents(event);
    case "user":
      return toolResultEvents(event);
    case "system":
      return systemEvents(event);
    case "rate_limit_event":
      return rateLimitEvents(event);
    case "result":
      return resultEvents(event);
    default:
      return [];
  }
}
