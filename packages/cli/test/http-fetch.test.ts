import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMaestroClient } from "../src/client";
import { describeError } from "../src/errors";
import { nodeHttpFetch } from "../src/http-fetch";

let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      const echo = { method: req.method, url: req.url, auth: req.headers.authorization, body };
      const isTrpc = req.url?.startsWith("/trpc/");
      res
        .writeHead(isTrpc ? 200 : 201, { "content-type": "application/json", "set-cookie": ["a=1", "b=2"] })
        .end(JSON.stringify(isTrpc ? { result: { data: echo } } : echo));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

describe("the CLI's fetch over node:http (Node's own loads undici)", () => {
  it("sends method, path, headers and body; answers status, headers and body", async () => {
    const answer = await nodeHttpFetch()(`${url}/x?input=1`, {
      method: "POST",
      headers: { authorization: "Bearer t" },
      body: '{"a":1}',
    });
    expect(answer.status).toBe(201);
    expect(answer.ok).toBe(true);
    expect(answer.headers.get("Set-Cookie")).toBe("a=1, b=2");
    expect(await answer.json()).toEqual({ method: "POST", url: "/x?input=1", auth: "Bearer t", body: '{"a":1}' });
  });

  it("is what the CLI's client calls an http URL through", async () => {
    const client = createMaestroClient({ url, token: "t" });
    const echoed = (await client.agent.list.query()) as unknown as { method: string; url: string; auth: string };
    expect(echoed).toMatchObject({ method: "GET", url: "/trpc/agent.list", auth: "Bearer t" });
  });

  it("fails a call to a closed port as the CLI explains it: cannot reach Maestro", async () => {
    const closed = createMaestroClient({ url: "http://127.0.0.1:1", token: "t" });
    const error = await closed.agent.list.query().catch((caught: unknown) => caught);
    expect(describeError(error, "http://127.0.0.1:1")).toMatch(/cannot reach Maestro .*ECONNREFUSED/);
  });
});
