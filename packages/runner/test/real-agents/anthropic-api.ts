// A scripted stand-in for the Anthropic Messages API on loopback, streaming (SSE) as the real one
// does. OpenCode talks to it through its built-in `anthropic` provider with a baseURL.
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";

export type AnthropicBlock = { text: string } | { tool: string; input: Record<string, unknown> };

export type AnthropicTurn =
  | { blocks: AnthropicBlock[]; inputTokens?: number; cacheReadTokens?: number; outputTokens?: number }
  | { status: number; error: { type: string; message: string } };

export interface AnthropicRequest {
  apiKey: string | undefined;
  body: { model?: string; tools?: unknown[]; messages?: unknown[] } & Record<string, unknown>;
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

function blockEvents(block: AnthropicBlock, index: number): object[] {
  if ("text" in block) {
    return [
      { type: "content_block_start", index, content_block: { type: "text", text: "" } },
      { type: "content_block_delta", index, delta: { type: "text_delta", text: block.text } },
      { type: "content_block_stop", index },
    ];
  }
  const id = `toolu_${index}_${Date.now().toString(36)}`;
  return [
    { type: "content_block_start", index, content_block: { type: "tool_use", id, name: block.tool, input: {} } },
    {
      type: "content_block_delta",
      index,
      delta: { type: "input_json_delta", partial_json: JSON.stringify(block.input) },
    },
    { type: "content_block_stop", index },
  ];
}

function answerTurn(res: ServerResponse, turn: AnthropicTurn, model: string): void {
  if ("status" in turn) {
    res.writeHead(turn.status, { "content-type": "application/json" });
    res.end(JSON.stringify({ type: "error", error: turn.error }));
    return;
  }
  const usage = { input_tokens: turn.inputTokens ?? 1_000, cache_read_input_tokens: turn.cacheReadTokens ?? 0 };
  const message = { id: `msg_${Date.now().toString(36)}`, type: "message", role: "assistant", model, content: [] };
  const usesTool = turn.blocks.some((block) => "tool" in block);
  const events = [
    { type: "message_start", message: { ...message, stop_reason: null, usage: { ...usage, output_tokens: 1 } } },
    ...turn.blocks.flatMap(blockEvents),
    {
      type: "message_delta",
      delta: { stop_reason: usesTool ? "tool_use" : "end_turn", stop_sequence: null },
      usage: { output_tokens: turn.outputTokens ?? 50 },
    },
    { type: "message_stop" },
  ];
  res.writeHead(200, { "content-type": "text/event-stream" });
  for (const event of events as Array<{ type: string }>) {
    res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
  }
  res.end();
}

/** Starts the stand-in. Calls with tools get the script's turns in order; calls without (titles) a short text. */
export async function startAnthropicApi(turns: AnthropicTurn[]) {
  const requests: AnthropicRequest[] = [];
  let next = 0;
  const server = createServer((req, res) => {
    void readBody(req).then((text) => {
      const body = (text ? JSON.parse(text) : {}) as AnthropicRequest["body"];
      requests.push({ apiKey: req.headers["x-api-key"] as string | undefined, body });
      if (!req.url?.endsWith("/messages")) {
        res.writeHead(404, { "content-type": "application/json" }).end("{}");
        return;
      }
      const model = body.model ?? "claude-sonnet-4-5";
      const isConversation = Array.isArray(body.tools) && body.tools.length > 0;
      const turn = isConversation ? (turns[next++] ?? { blocks: [{ text: "Nothing more to do." }] }) : null;
      answerTurn(res, turn ?? { blocks: [{ text: "Scripted session" }], outputTokens: 3 }, model);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    /** The conversation's calls (with tools), in order. */
    turns: () => requests.filter((request) => Array.isArray(request.body.tools) && request.body.tools.length > 0),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
