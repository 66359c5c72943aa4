// The Anthropic Messages API's streamed answer (`stream: true`), as the real API sends it:
// message_start, ping, each block's start, deltas and stop, message_delta, message_stop.

export interface ToolCall {
  name: string;
  input: Record<string, unknown>;
}

export interface TurnUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
}

/** A reply: its text, then its tool calls. */
export interface Reply {
  text?: string;
  tools?: ToolCall[];
  usage?: TurnUsage;
  /** Response headers besides the stream's own (the rate-limit headers, say). */
  headers?: Record<string, string>;
}

const DEFAULT_USAGE: TurnUsage = {
  input_tokens: 1_200,
  output_tokens: 60,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
};

export type Sse = [event: string, data: Record<string, unknown>];

/** A block streamed in two deltas, as the API cuts a block's content into pieces. */
function blockEvents(
  index: number,
  start: Record<string, unknown>,
  delta: (part: string) => Record<string, unknown>,
  content: string,
): Sse[] {
  const cut = Math.ceil(content.length / 2);
  const parts = [content.slice(0, cut), content.slice(cut)].filter(Boolean);
  return [
    ["content_block_start", { index, content_block: start }],
    ...parts.map((part): Sse => ["content_block_delta", { index, delta: delta(part) }]),
    ["content_block_stop", { index }],
  ];
}

/** A reply as the real API streams it. */
export function replyEvents(turn: Reply, ids: { message: string; tool: () => string }, model: string): Sse[] {
  const usage = { ...DEFAULT_USAGE, ...turn.usage };
  const message = { id: ids.message, type: "message", role: "assistant", model, content: [] };
  const start = {
    ...message,
    stop_reason: null,
    stop_sequence: null,
    usage: { ...usage, output_tokens: 1, service_tier: "standard" },
  };
  const blocks: Array<(index: number) => Sse[]> = [
    ...(turn.text
      ? [
          (index: number) =>
            blockEvents(index, { type: "text", text: "" }, (text) => ({ type: "text_delta", text }), turn.text!),
        ]
      : []),
    ...(turn.tools ?? []).map((tool) => (index: number) => {
      const block = { type: "tool_use", id: ids.tool(), name: tool.name, input: {} };
      const delta = (part: string) => ({ type: "input_json_delta", partial_json: part });
      return blockEvents(index, block, delta, JSON.stringify(tool.input));
    }),
  ];
  const stop = turn.tools?.length ? "tool_use" : "end_turn";
  return [
    ["message_start", { message: start }],
    ["ping", {}],
    ...blocks.flatMap((events, index) => events(index)),
    [
      "message_delta",
      { delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: usage.output_tokens } },
    ],
    ["message_stop", {}],
  ];
}
