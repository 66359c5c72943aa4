import { mkdtempSync, rmSync } from "node:fs";
import { type Server, createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMaestroClient } from "../src/client";
import { socketPathOf, unixSocketFetch } from "../src/unix-socket-fetch";

const dir = mkdtempSync(join(tmpdir(), "maestro-unix-fetch-"));
const socketPath = join(dir, "s.sock");
let server: Server;

/** tRPC calls get their echo as a tRPC result; anything else the bare echo. */
function answerTo(url: string, echo: object): object {
  const path = url.split("?")[0];
  return url.startsWith("/trpc/agent.") ? { result: { data: { ...echo, url: path } } } : { ...echo, url };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () =>
      res
        .writeHead(201, { "content-type": "application/json", "set-cookie": ["a=1", "b=2"] })
        .end(JSON.stringify(answerTo(req.url ?? "", { method: req.method, auth: req.headers.authorization, body }))),
    );
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe("MAESTRO_URL=unix:<socket>", () => {
  it("names a socket; an http URL does not", () => {
    expect(socketPathOf(`unix:${socketPath}`)).toBe(socketPath);
    expect(socketPathOf("http://127.0.0.1:4700")).toBeNull();
  });

  it("fetches over the socket: method, path, headers and body out; status, headers and body back", async () => {
    const answer = await unixSocketFetch(socketPath)("http://maestro/trpc/x?input=1", {
      method: "POST",
      headers: { authorization: "Bearer t" },
      body: '{"a":1}',
    });
    expect(answer.status).toBe(201);
    expect(answer.headers.get("set-cookie")).toBe("a=1, b=2");
    expect(await answer.json()).toEqual({ method: "POST", url: "/trpc/x?input=1", auth: "Bearer t", body: '{"a":1}' });
  });

  it("is what the CLI's client calls through", async () => {
    const client = createMaestroClient({ url: `unix:${socketPath}`, token: "t" });
    // The stand-in answers every call with its echo, as tRPC's result shape.
    const echoed = (await client.agent.list.query()) as unknown as { method: string; url: string; auth: string };
    expect(echoed).toMatchObject({ method: "GET", url: "/trpc/agent.list", auth: "Bearer t" });
  });
});
