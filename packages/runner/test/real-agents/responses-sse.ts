// The OpenAI Responses API's streaming events (`stream: true`), as the real API sends them for
// one response: response.created, each output item added / streamed / done, response.completed.

/** One output item of a scripted response. */
export type ScriptItem =
  /** A call of Codex's shell tool (`exec_command`, arguments streamed as JSON deltas). */
  | { type: "shell"; command: string }
  /** A call of any function tool, e.g. an MCP server's (in its `namespace`, as Codex offers them). */
  | { type: "function"; name: string; namespace?: string; args: Record<string, unknown> }
  /** A call of Codex's freeform `apply_patch` tool. */
  | { type: "patch"; patch: string }
  | { type: "reasoning"; summary: string }
  | { type: "message"; text: string };

export interface Usage {
  input: number;
  cached: number;
  output: number;
  reasoning: number;
}

export type SseEvent = Record<string, unknown> & { type: string };

/** Splits a string in two, so every streamed value arrives in more than one delta. */
const halves = (text: string) => [text.slice(0, Math.ceil(text.length / 2)), text.slice(Math.ceil(text.length / 2))];

interface StreamedItem {
  done: SseEvent;
  deltas: SseEvent[];
}

/** A function call, its arguments streamed as JSON deltas. */
function functionCall(at: { item_id: string; output_index: number }, call: Record<string, unknown>): StreamedItem {
  const args = JSON.stringify(call.args);
  const { args: _args, ...named } = call;
  return {
    done: {
      id: at.item_id,
      type: "function_call",
      status: "completed",
      ...named,
      call_id: `call_${at.item_id}`,
      arguments: args,
    },
    deltas: [
      ...halves(args).map((delta) => ({ type: "response.function_call_arguments.delta", ...at, delta })),
      { type: "response.function_call_arguments.done", ...at, arguments: args },
    ],
  };
}

/** The item when done, and the events that stream it in between added and done. */
function itemEvents(item: ScriptItem, id: string, index: number): StreamedItem {
  const at = { item_id: id, output_index: index };
  switch (item.type) {
    case "shell":
      return functionCall(at, { name: "exec_command", args: { cmd: item.command } });
    case "function": {
      const { type: _type, ...call } = item;
      return functionCall(at, call);
    }
    case "patch":
      return {
        done: {
          id,
          type: "custom_tool_call",
          status: "completed",
          name: "apply_patch",
          call_id: `call_${id}`,
          input: item.patch,
        },
        deltas: [
          ...halves(item.patch).map((delta) => ({ type: "response.custom_tool_call_input.delta", ...at, delta })),
          { type: "response.custom_tool_call_input.done", ...at, input: item.patch },
        ],
      };
    case "reasoning": {
      const part = { type: "summary_text", text: item.summary };
      return {
        done: { id, type: "reasoning", summary: [part], encrypted_content: "c3RhbmQtaW4=" },
        deltas: [
          { type: "response.reasoning_summary_part.added", ...at, summary_index: 0, part: { ...part, text: "" } },
          ...halves(item.summary).map((delta) => ({
            type: "response.reasoning_summary_text.delta",
            ...at,
            summary_index: 0,
            delta,
          })),
          { type: "response.reasoning_summary_text.done", ...at, summary_index: 0, text: item.summary },
          { type: "response.reasoning_summary_part.done", ...at, summary_index: 0, part },
        ],
      };
    }
    case "message": {
      const part = { type: "output_text", text: item.text, annotations: [] };
      const content = { ...at, content_index: 0 };
      return {
        done: { id, type: "message", role: "assistant", status: "completed", content: [part] },
        deltas: [
          { type: "response.content_part.added", ...content, part: { ...part, text: "" } },
          ...halves(item.text).map((delta) => ({ type: "response.output_text.delta", ...content, delta })),
          { type: "response.output_text.done", ...content, text: item.text },
          { type: "response.content_part.done", ...content, part },
        ],
      };
    }
  }
}

/** What an item looks like when it is announced, before its content has streamed. */
function announced(done: SseEvent): SseEvent {
  switch (done.type) {
    case "function_call":
      return { ...done, status: "in_progress", arguments: "" };
    case "custom_tool_call":
      return { ...done, status: "in_progress", input: "" };
    case "reasoning":
      return { ...done, summary: [] };
    default:
      return { ...done, status: "in_progress", content: [] };
  }
}

/** Every event of one streamed response, in order, numbered as the API numbers them. */
export function responseEvents(id: string, model: string, items: ScriptItem[], usage: Usage): SseEvent[] {
  const response = { id, object: "response", created_at: Math.floor(Date.now() / 1000), model, output: [] };
  const events: SseEvent[] = [
    { type: "response.created", response: { ...response, status: "in_progress" } },
    { type: "response.in_progress", response: { ...response, status: "in_progress" } },
  ];
  const output = items.map((item, index) => {
    const { done, deltas } = itemEvents(item, `${id}_${index}`, index);
    events.push({ type: "response.output_item.added", output_index: index, item: announced(done) });
    events.push(...deltas, { type: "response.output_item.done", output_index: index, item: done });
    return done;
  });
  events.push({
    type: "response.completed",
    response: {
      ...response,
      status: "completed",
      output,
      usage: {
        input_tokens: usage.input,
        input_tokens_details: { cached_tokens: usage.cached },
        output_tokens: usage.output,
        output_tokens_details: { reasoning_tokens: usage.reasoning },
        total_tokens: usage.input + usage.output,
      },
    },
  });
  return events.map((event, sequence) => ({ ...event, sequence_number: sequence }));
}

/** One server-sent event on the wire. */
export const sse = (event: SseEvent) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
