// A scripted stand-in for the Anthropic Messages API on loopback: each model turn (a streamed
// /v1/messages request that offers tools) is answered with the next scripted turn, as server-sent
// events in the order and shape the real API streams them. Every request is recorded (headers and
// JSON body) for the tests. Claude Code and OpenCode (its `anthropic` provider) both talk to it.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { type Reply, type Sse, replyEvents } from "./anthropic-sse";
import { parseJsonObject, sendJson as sendPlainJson, startLoopbackServer } from "./loopback-server";

export type { Reply, ToolCall, TurnUsage } from "./anthropic-sse";

export interface ApiError {
  error: { status: number; type: string; message: string; headers?: Record<string, string> };
}

/** One answer to a model turn, or how to answer it from the request itself. */
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
  /** The base URL, for ANTHROPIC_BASE_URL (OpenCode's baseURL is this with /v1). */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** The model turns, in order. */
  turns(): RecordedRequest[];
  /** Replaces what the next model turns are answered with. */
  script(turns: Turn[]): void;
  close(): Promise<void>;
}

const requestId = () => ({ "request-id": `req_stand_${Date.now()}` });

/** The API names each answer's request. */
const sendJson = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
  sendPlainJson(res, status, body, { ...requestId(), ...headers });

function sendEvents(res: ServerResponse, events: Sse[], headers: Record<string, string> = {}) {
  res.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    ...requestId(),
    ...headers,
  });
  for (const [event, data] of events) {
    res.write(`event: ${event}\ndata: ${JSON.stringify({ type: event, ...data })}\n\n`);
  }
  res.end();
}

const pathOf = (request: RecordedRequest) => request.url.split("?")[0];

/** Both CLIs offer their tools on every turn of the conversation, and on no side request (a title, say). */
const isTurn = (request: RecordedRequest) =>
  pathOf(request) === "/v1/messages" &&
  request.body?.stream === true &&
  Array.isArray(request.body.tools) &&
  request.body.tools.length > 0;

interface StandInState {
  queue: Turn[];
  messages: number;
  tools: number;
}

/** A side request gets a short text, streamed when it asks for a stream. */
function answerSideRequest(res: ServerResponse, request: RecordedRequest, ids: { message: string; model: string }) {
  const reply = { text: "Maestro task", usage: { input_tokens: 50, output_tokens: 5 } };
  const { message: id, model } = ids;
  if (request.body?.stream === true) return sendEvents(res, replyEvents(reply, { message: id, tool: () => "" }, model));
  const content = [{ type: "text", text: reply.text }];
  const body = { id, type: "message", role: "assistant", model, content, stop_reason: "end_turn", usage: reply.usage };
  sendJson(res, 200, body);
}

/** A model turn answers with the next scripted turn. */
function answerMessage(res: ServerResponse, request: RecordedRequest, state: StandInState): void {
  const model = typeof request.body?.model === "string" ? request.body.model : "claude-sonnet-4-5";
  const id = `msg_stand_${String(++state.messages).padStart(4, "0")}`;
  if (!isTurn(request)) return answerSideRequest(res, request, { message: id, model });
  const next = state.queue.shift() ?? { text: "Nothing more to do." };
  const turn = typeof next === "function" ? next(request) : next;
  if ("error" in turn) {
    const { status, type, message, headers } = turn.error;
    return sendJson(res, status, { type: "error", error: { type, message } }, headers);
  }
  const tool = () => `toolu_stand_${String(++state.tools).padStart(4, "0")}`;
  sendEvents(res, replyEvents(turn, { message: id, tool }, model), turn.headers);
}

/** Whatever else a CLI may call gets a harmless answer. */
function answer(res: ServerResponse, request: RecordedRequest, state: StandInState): void {
  const path = pathOf(request);
  if (path === "/v1/messages" && request.body) return answerMessage(res, request, state);
  if (path === "/v1/messages/count_tokens") return sendJson(res, 200, { input_tokens: 1_000 });
  if (path === "/v1/models") return sendJson(res, 200, { data: [], has_more: false, first_id: null, last_id: null });
  if (path === "/api/hello") return sendJson(res, 200, {});
  sendJson(res, 404, { type: "error", error: { type: "not_found_error", message: `no ${path} here` } });
}

const recorded = (req: IncomingMessage, raw: string): RecordedRequest => ({
  method: req.method ?? "GET",
  url: req.url ?? "/",
  headers: req.headers,
  body: parseJsonObject(raw),
  raw,
});

/** Starts the stand-in on 127.0.0.1, port 0. Turns beyond the script answer with a short final text. */
export async function startAnthropicStandIn(): Promise<AnthropicStandIn> {
  const requests: RecordedRequest[] = [];
  const state: StandInState = { queue: [], messages: 0, tools: 0 };
  const server = await startLoopbackServer((req, raw, res) => {
    const request = recorded(req, raw);
    requests.push(request);
    answer(res, request, state);
  });
  return {
    url: server.url,
    requests,
    turns: () => requests.filter(isTurn),
    script(turns) {
      state.queue = [...turns];
    },
    close: () => server.close(),
  };
}
