// A scripted stand-in for the Anthropic Messages API on loopback: each streamed /v1/messages
// request is answered with the next scripted turn, as server-sent events in the order and shape
// the real API streams them. Every request is recorded (headers and JSON body) for the tests.
import { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";

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

export interface ApiError {
  error: { status: number; type: string; message: string; headers?: Record<string, string> };
}

/** One answer to a streamed message request, or how to answer it from the request itself. */
export type Turn = Reply | ApiError | ((request: RecordedRequest) => Reply | ApiError);

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body (null when there was none or it was not JSON). */
  body: Record<string, unknown> | null;
  raw: string;
}

export interface AnthropicStandIn {
  /** The base URL, for ANTHROPIC_BASE_URL. */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** The streamed /v1/messages requests (the model turns), in order. */
  turns(): RecordedRequest[];
  /** Replaces what the next streamed message requests are answered with. */
  script(turns: Turn[]): void;
  close(): Promise<void>;
}

const DEFAULT_USAGE: TurnUsage = {
  input_tokens: 1_200,
  output_tokens: 60,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
};

type Sse = [event: string, data: Record<string, unknown>];

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

/** A reply as the real API streams it: message_start, ping, each block's start, deltas and stop, message_delta, message_stop. */
function replyEvents(turn: Reply, ids: { message: string; tool: () => string }, model: string): Sse[] {
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

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json", "request-id": `req_stand_${Date.now()}`, ...headers });
  res.end(JSON.stringify(body));
}

function sendEvents(res: ServerResponse, events: Sse[], headers: Record<string, string> = {}) {
  res.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    "request-id": `req_stand_${Date.now()}`,
    ...headers,
  });
  for (const [event, data] of events) {
    res.write(`event: ${event}\ndata: ${JSON.stringify({ type: event, ...data })}\n\n`);
  }
  res.end();
}

async function readRequest(req: IncomingMessage): Promise<RecordedRequest> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  const raw = Buffer.concat(parts).toString("utf8");
  let body: Record<string, unknown> | null = null;
  try {
    body = raw ? (JSON.parse(raw) as Record<string, unknown>) : null;
  } catch {
    body = null;
  }
  return { method: req.method ?? "GET", url: req.url ?? "/", headers: req.headers, body, raw };
}

const isTurn = (request: RecordedRequest) =>
  request.url.split("?")[0] === "/v1/messages" && request.body?.stream === true;

interface StandInState {
  queue: Turn[];
  messages: number;
  tools: number;
}

/** A model turn answers with the next scripted turn; a side request (not streamed) with a short text. */
function answerMessage(res: ServerResponse, request: RecordedRequest, state: StandInState): void {
  const model = typeof request.body?.model === "string" ? request.body.model : "claude-sonnet-4-5";
  const id = `msg_stand_${String(++state.messages).padStart(4, "0")}`;
  if (!isTurn(request)) {
    const content = [{ type: "text", text: "Maestro task" }];
    const usage = { input_tokens: 50, output_tokens: 5 };
    return sendJson(res, 200, {
      id,
      type: "message",
      role: "assistant",
      model,
      content,
      stop_reason: "end_turn",
      usage,
    });
  }
  const next = state.queue.shift() ?? { text: "Nothing more to do." };
  const turn = typeof next === "function" ? next(request) : next;
  if ("error" in turn) {
    const { status, type, message, headers } = turn.error;
    return sendJson(res, status, { type: "error", error: { type, message } }, headers);
  }
  const tool = () => `toolu_stand_${String(++state.tools).padStart(4, "0")}`;
  sendEvents(res, replyEvents(turn, { message: id, tool }, model), turn.headers);
}

/** Whatever else Claude Code may call gets a harmless answer. */
function answer(res: ServerResponse, request: RecordedRequest, state: StandInState): void {
  const path = request.url.split("?")[0];
  if (path === "/v1/messages" && request.body) return answerMessage(res, request, state);
  if (path === "/v1/messages/count_tokens") return sendJson(res, 200, { input_tokens: 1_000 });
  if (path === "/v1/models") return sendJson(res, 200, { data: [], has_more: false, first_id: null, last_id: null });
  if (path === "/api/hello") return sendJson(res, 200, {});
  sendJson(res, 404, { type: "error", error: { type: "not_found_error", message: `no ${path} here` } });
}

/** Starts the stand-in on 127.0.0.1, port 0. Turns beyond the script answer with a short final text. */
export async function startAnthropicStandIn(): Promise<AnthropicStandIn> {
  const requests: RecordedRequest[] = [];
  const state: StandInState = { queue: [], messages: 0, tools: 0 };
  const server = createServer((req, res) => {
    void readRequest(req).then((request) => {
      requests.push(request);
      answer(res, request, state);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    turns: () => requests.filter(isTurn),
    script(turns) {
      state.queue = [...turns];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
