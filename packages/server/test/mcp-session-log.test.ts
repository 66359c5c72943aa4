import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { LogChunk } from "@maestro/domain";
import { describe, expect, it } from "vitest";
import type { McpApi } from "../src/mcp/mcp-api";
import { createMcpServer } from "../src/mcp/mcp-server";

/** The server over an in-memory pair, its API a stand-in that records what the tools ask for. */
async function connectWith(readLog: McpApi["readLog"]) {
  const api = { readLog } as unknown as McpApi;
  const server = createMcpServer({ api, self: null, tier: "all", log: () => {} });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: "mcp-session-log-test", version: "1" });
  await client.connect(clientSide);
  return client;
}

const chunk = (seq: number, text: string): LogChunk => ({
  sessionId: "s",
  seq,
  stream: "stdout",
  text,
  ts: new Date(0).toISOString(),
});

describe("get_session_log", () => {
  it("regression: asks the API for no more chunks than its 32,000-character answer holds", async () => {
    const asked: unknown[] = [];
    const client = await connectWith((input) => {
      asked.push(input);
      return Promise.resolve([chunk(1, "x".repeat(30_000)), chunk(2, "y".repeat(5_000))]);
    });
    const result = (await client.callTool({
      name: "get_session_log",
      arguments: { session: "s", tail: 1_000 },
    })) as CallToolResult;
    expect(asked).toEqual([{ id: "s", tail: 1_000, maxChars: 32_000 }]);
    const content = result.content[0];
    const { text } = JSON.parse(content?.type === "text" ? content.text : "{}") as { text: string };
    expect(text).toBe(`…${"x".repeat(27_000)}${"y".repeat(5_000)}`);
  });
});
