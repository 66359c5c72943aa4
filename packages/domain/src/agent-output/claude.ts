import type { AgentEvent } from "./events";
import { clip, isObject, num, parseJsonLine, str } from "./json";
import { detectUsageLimit } from "./usage-limit";

const EDIT_TOOLS = new Set(["Edit", "Write", "MultiEdit", "NotebookEdit"]);

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
