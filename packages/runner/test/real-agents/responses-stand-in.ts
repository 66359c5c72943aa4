// A scripted stand-in for the OpenAI Responses API on loopback: each `POST /v1/responses` takes
// the next turn of its script and answers it the way the real API does. Every request is recorded.
import { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
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
  /** The JSON body, or the raw text if it is not JSON. */
  body: unknown;
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

function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("error", reject);
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      try {
        resolve(JSON.parse(text));
      } catch {
        resolve(text);
      }
    });
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

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
      return json(res, 429, {
        error: {
          type: "usage_limit_reached",
          message: "The usage limit has been reached",
          plan_type: turn.planType,
          resets_at: turn.resetsAt,
        },
      });
    case "fail":
      return json(res, turn.status, { error: { type: "invalid_request_error", message: turn.message, code: null } });
  }
}

/** Starts the stand-in on 127.0.0.1, port 0. A request beyond the script gets a 400 the test will see. */
export async function startResponsesStandIn(...turns: Turn[]): Promise<ResponsesStandIn> {
  const queue = [...turns];
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      if (req.method !== "POST" || req.url !== "/v1/responses") {
        return json(res, 404, { error: { message: "no such route" } });
      }
      const turn = queue.shift() ?? { kind: "fail", status: 400, message: "the stand-in's script has no more turns" };
      const model = body !== null && typeof body === "object" && "model" in body ? String(body.model) : "";
      answer(res, turn, { id: `resp_${requests.length}`, model });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    responseRequests: () => requests.filter((request) => request.url === "/v1/responses"),
    script: (...more) => queue.push(...more),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
