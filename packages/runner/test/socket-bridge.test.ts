import { mkdtempSync, rmSync } from "node:fs";
import { type Server, createServer, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SocketBridge, openSocketBridge } from "../src/sandbox/socket-bridge";

const dir = mkdtempSync(join(tmpdir(), "maestro-bridge-"));
const socketPath = join(dir, "maestro.sock");
let upstream: Server;
let bridge: SocketBridge;
const seen: string[] = [];

beforeAll(async () => {
  // Stands in for Maestro: echoes what reached it.
  upstream = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => res.writeHead(200, { "x-upstream": "yes" }).end(`${req.method} ${req.url} ${body}`));
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  const { port } = upstream.address() as { port: number };
  bridge = await openSocketBridge({ socketPath, serverUrl: `http://127.0.0.1:${port}`, token: "session-token" });
});

afterAll(async () => {
  await bridge.close();
  await new Promise((resolve) => upstream.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

function call(path: string, token: string | null, body = ""): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers = token === null ? {} : { authorization: `Bearer ${token}` };
    const req = request({ socketPath, path, method: body ? "POST" : "GET", headers }, (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => (text += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("the socket bridge to Maestro", () => {
  it("forwards the session's own API calls, bodies included", async () => {
    expect(await call("/trpc/session.report", "session-token", '{"kind":"done"}')).toEqual({
      status: 200,
      text: 'POST /trpc/session.report {"kind":"done"}',
    });
  });

  it("carries nothing without the session's token, and nothing but the API", async () => {
    const before = seen.length;
    expect((await call("/trpc/agent.add", null, "{}")).status).toBe(401);
    expect((await call("/trpc/agent.add", "another-token", "{}")).status).toBe(401);
    expect((await call("/", "session-token")).status).toBe(404);
    expect(seen.length).toBe(before);
  });

  it("refuses a socket path longer than a Unix socket allows, saying so", async () => {
    const long = join(dir, "x".repeat(120), "maestro.sock");
    await expect(openSocketBridge({ socketPath: long, serverUrl: "http://127.0.0.1:1", token: "t" })).rejects.toThrow(
      /too long for a Unix socket/,
    );
  });
});
