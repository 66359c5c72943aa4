import { type Socket, connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { appRouter } from "../src/routers/app";
import { makeHttpClient, makeServerPool } from "./live-server";

const pool = makeServerPool();
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await pool.cleanup();
});

function openRawSocket(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("error", reject);
  });
}

/** Sends a request's headers one byte a second; resolves with what the server answered when it closed. */
function sendHeadersSlowly(socket: Socket): Promise<{ answer: string; afterMs: number }> {
  const started = Date.now();
  const request = `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ${"a".repeat(200)}\r\n\r\n`;
  let sent = 0;
  let answer = "";
  const drip = setInterval(() => {
    if (!socket.destroyed && sent < request.length) socket.write(request[sent++]!);
  }, 1_000);
  socket.on("data", (data) => (answer += String(data)));
  return new Promise((resolve) => {
    socket.once("close", () => {
      clearInterval(drip);
      resolve({ answer, afterMs: Date.now() - started });
    });
  });
}

/** A GET that must be answered and ended within `ms`; a held-open stream fails it. */
async function getWithin(url: string, token: string, ms: number) {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(ms) });
  return { status: response.status, type: response.headers.get("content-type"), body: await response.text() };
}

describe("subscriptions over HTTP (server-sent events)", () => {
  it("are refused at once with 405 naming the WebSocket, never held open as a stream", async () => {
    const server = await pool.start();
    const input = encodeURIComponent("{}");
    const single = await getWithin(`${server.url}/trpc/event.onEvent?input=${input}`, server.token, 2_000);
    expect(single.status).toBe(405);
    expect(single.type).toMatch(/application\/json/);
    expect(JSON.parse(single.body).error.message).toMatch(
      /event\.onEvent is a subscription: subscribe over the WebSocket/,
    );

    const batched = await getWithin(`${server.url}/trpc/project.list,session.onChanged?batch=1`, server.token, 2_000);
    expect(batched.status).toBe(405);
    expect(JSON.parse(batched.body).error.data.path).toBe("session.onChanged");
    // Queries on the same port still answer.
    expect((await getWithin(`${server.url}/trpc/project.list`, server.token, 2_000)).status).toBe(200);
  });

  it("are switched off in tRPC itself too, behind the HTTP refusal", () => {
    const config = appRouter._def._config as { sse?: { enabled?: boolean } };
    expect(config.sse?.enabled).toBe(false);
  });
});

describe("HTTP connections", () => {
  it("cut off a client that sends its headers one byte a second, and keep serving others", async () => {
    const server = await pool.start({ limits: { httpHeadersTimeoutMs: 1_000, httpRequestTimeoutMs: 2_000 } });
    const slow = sendHeadersSlowly(await openRawSocket(server.url));
    const healthy = await fetch(`${server.url}/healthz`);
    expect(healthy.status).toBe(200);
    const { answer, afterMs } = await slow;
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(afterMs).toBeLessThan(4_000);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it("hold a runner's long poll open past the request timeout: it bounds receiving the request only", async () => {
    const server = await pool.start({ limits: { httpHeadersTimeoutMs: 500, httpRequestTimeoutMs: 500 } });
    const client = makeHttpClient(server.url, { token: server.token });
    const asked = Date.now();
    expect(await client.runner.claim.mutate({ runnerId: "r1", waitMs: 2_000 })).toBeNull();
    expect(Date.now() - asked).toBeGreaterThanOrEqual(1_900);
  });

  it("drop a connection past the cap at once; a place frees up when one closes", async () => {
    const server = await pool.start({ limits: { httpConnections: 2 } });
    const held = [await openRawSocket(server.url), await openRawSocket(server.url)];
    const third = await openRawSocket(server.url);
    await new Promise((resolve) => third.once("close", resolve));
    held[0]!.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
