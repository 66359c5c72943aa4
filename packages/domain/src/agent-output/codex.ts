import type { AgentEvent } from "./events";
import { clip, isObject, num, parseJsonLine, str } from "./json";
import { detectUsageLimit } from "./usage-limit";

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
