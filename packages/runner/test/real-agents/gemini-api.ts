// A scripted stand-in for the Gemini API (Generative Language API v1beta) on loopback: each
// streamGenerateContent call answers with the script's next turn as SSE, one chunk per part.
import type { ServerResponse } from "node:http";
import { parseJsonObject, sendJson, startLoopbackServer } from "./loopback-server";

export type GeminiPart = { text: string } | { functionCall: { name: string; args: Record<string, unknown> } };

export type GeminiTurn =
  | { parts: GeminiPart[]; promptTokens?: number; cachedTokens?: number; outputTokens?: number }
  | { status: number; error: Record<string, unknown> };

export interface GeminiRequest {
  path: string;
  apiKey: string | undefined;
  body: Record<string, unknown>;
}

function answerTurn(res: ServerResponse, turn: GeminiTurn, model: string): void {
  if ("status" in turn) return sendJson(res, turn.status, { error: turn.error });
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
  const server = await startLoopbackServer((req, text, res) => {
    const path = req.url ?? "";
    requests.push({
      path,
      apiKey: req.headers["x-goog-api-key"] as string | undefined,
      body: parseJsonObject(text) ?? {},
    });
    const model = path.match(/models\/([^:]+):/)?.[1] ?? "gemini-2.5-pro";
    if (path.includes(":streamGenerateContent")) {
      answerTurn(res, turns[next++] ?? { parts: [{ text: "Nothing more to do." }] }, model);
    } else if (path.includes(":countTokens")) {
      sendJson(res, 200, { totalTokens: 100 });
    } else if (path.includes(":generateContent")) {
      // Side calls (routing, checks): a small JSON answer that none of them acts on.
      sendJson(res, 200, {
        candidates: [{ content: { role: "model", parts: [{ text: "{}" }] }, finishReason: "STOP" }],
      });
    } else {
      sendJson(res, 404, {});
    }
  });
  return {
    url: server.url,
    requests,
    /** Streamed model calls only (the conversation), in order. */
    turns: () => requests.filter((request) => request.path.includes(":streamGenerateContent")),
    close: () => server.close(),
  };
}
