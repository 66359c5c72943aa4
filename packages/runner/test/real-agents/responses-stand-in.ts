// A scripted stand-in for the OpenAI Responses API on loopback: each `POST /v1/responses` takes
// the next turn of its script and answers it the way the real API does. Every request is recorded.
import type { IncomingHttpHeaders, ServerResponse } from "node:http";
import { parseJsonObject, sendJson, startLoopbackServer } from "./loopback-server";
import { type ScriptItem, type Usage, responseEvents, sse } from "./responses-sse";

export type { ScriptItem } from "./responses-sse";

export type Turn =
  /** A streamed response with these output items. */
  | { kind: "answer"; items: ScriptItem[]; usage?: Partial<Usage> }
  /** HTTP 429 `usage_limit_reached`: Codex says "You've hit your usage limit … try again at <time>". */
  | { kind: "usage_limit"; resetsAt: number; planType?: string }
  /** The stream ends before response.completed: Codex prints "Reconnecting... n/m" and retries. */
  | { kind: "disconnect" }
  /** An API error Codex does not retry. */
  | { kind: "fail"; status: number; message: string };

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  /** The JSON body (null when there was none or it was not JSON). */
  body: Record<string, unknown> | null;
}

export interface ResponsesStandIn {
  /** The provider's base URL, ending in /v1. */
  baseUrl: string;
  requests: RecordedRequest[];
  /** The requests to /v1/responses, in order. */
  responseRequests(): RecordedRequest[];
  /** More turns, answered after those already scripted. */
  script(...turns: Turn[]): void;
  close(): Promise<void>;
}

const DEFAULT_USAGE: Usage = { input: 1_000, cached: 200, output: 50, reasoning: 10 };

function answer(res: ServerResponse, turn: Turn, context: { id: string; model: string }): void {
  switch (turn.kind) {
    case "answer": {
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      const usage = { ...DEFAULT_USAGE, ...turn.usage };
      for (const event of responseEvents(context.id, context.model, turn.items, usage)) res.write(sse(event));
      res.end();
      return;
    }
    case "disconnect": {
      res.writeHead(200, { "content-type": "text/event-stream" });
      const [created] = responseEvents(context.id, context.model, [], DEFAULT_USAGE);
      res.end(sse(created!));
      return;
    }
    case "usage_limit":
      return sendJson(res, 429, {
        error: {
          type: "usage_limit_reached",
          message: "The usage limit has been reached",
          plan_type: turn.planType,
          resets_at: turn.resetsAt,
        },
      });
    case "fail":
      return sendJson(res, turn.status, {
        error: { type: "invalid_request_error", message: turn.message, code: null },
      });
  }
}

/** Starts the stand-in on 127.0.0.1, port 0. A request beyond the script gets a 400 the test will see. */
export async function startResponsesStandIn(...turns: Turn[]): Promise<ResponsesStandIn> {
  const queue = [...turns];
  const requests: RecordedRequest[] = [];
  const server = await startLoopbackServer((req, text, res) => {
    const body = parseJsonObject(text);
    requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
    if (req.method !== "POST" || req.url !== "/v1/responses") {
      return sendJson(res, 404, { error: { message: "no such route" } });
    }
    const turn = queue.shift() ?? { kind: "fail", status: 400, message: "the stand-in's script has no more turns" };
    answer(res, turn, { id: `resp_${requests.length}`, model: typeof body?.model === "string" ? body.model : "" });
  });
  return {
    baseUrl: `${server.url}/v1`,
    requests,
    responseRequests: () => requests.filter((request) => request.url === "/v1/responses"),
    script: (...more) => queue.push(...more),
    close: () => server.close(),
  };
}
