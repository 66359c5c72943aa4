// A scripted stand-in for the Gemini API (Generative Language API v1beta) on loopback: each
// streamGenerateContent call answers with the script's next turn as SSE, one chunk per part.
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";

export type GeminiPart = { text: string } | { functionCall: { name: string; args: Record<string, unknown> } };

export type GeminiTurn =
  | { parts: GeminiPart[]; promptTokens?: number; cachedTokens?: number; outputTokens?: number }
  | { status: number; error: Record<string, unknown> };

export interface GeminiRequest {
  path: string;
  apiKey: string | undefined;
  body: Record<string, unknown>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => resolve(body));
    req.on("error", reject);
  });
}

function answerTurn(res: ServerResponse, turn: GeminiTurn, model: string): void {
  if ("status" in turn) {
    res.writeHead(turn.status, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: turn.error }));
    return;
  }
  res.writeHead(200, { "content-type": "text/event-stream" });
  turn.parts.forEach((part, index) => {
    const isLast = index === turn.parts.length - 1;
    const chunk = {
      candidates: [
        { content: { role: "model", parts: [part] }, index: 0, ...(isLast ? { finishReason: "STOP" } : {}) },
      ],
      modelVersion: model,
      ...(isLast
        ? {
            usageMetadata: {
              promptTokenCount: turn.promptTokens ?? 1_000,
              cachedContentTokenCount: turn.cachedTokens ?? 0,
              candidatesTokenCount: turn.outputTokens ?? 50,
              totalTokenCount: (turn.promptTokens ?? 1_000) + (turn.outputTokens ?? 50),
            },
          }
        : {}),
    };
    res.write(`data: ${JSON.stringify(chunk)}\r\n\r\n`);
  });
  res.end();
}

/** Starts the stand-in; `turns` are answered in order, and a call past the end gets a short final text. */
export async function startGeminiApi(turns: GeminiTurn[]) {
  const requests: GeminiRequest[] = [];
  let next = 0;
  const server = createServer((req, res) => {
    void readBody(req).then((text) => {
      const path = req.url ?? "";
      const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      requests.push({ path, apiKey: req.headers["x-goog-api-key"] as string | undefined, body });
      const model = path.match(/models\/([^:]+):/)?.[1] ?? "gemini-2.5-pro";
      if (path.includes(":streamGenerateContent")) {
        answerTurn(res, turns[next++] ?? { parts: [{ text: "Nothing more to do." }] }, model);
      } else if (path.includes(":countTokens")) {
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ totalTokens: 100 }));
      } else if (path.includes(":generateContent")) {
        // Side calls (routing, checks): a small JSON answer that none of them acts on.
        const reply = { candidates: [{ content: { role: "model", parts: [{ text: "{}" }] }, finishReason: "STOP" }] };
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(reply));
      } else {
        res.writeHead(404, { "content-type": "application/json" }).end("{}");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    /** Streamed model calls only (the conversation), in order. */
    turns: () => requests.filter((request) => request.path.includes(":streamGenerateContent")),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
