import { afterEach, describe, expect, it } from "vitest";
import { appRouter } from "../src/routers/app";
import { makeServerPool } from "./live-server";

const pool = makeServerPool();
afterEach(() => pool.cleanup());

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
    expect(JSON.parse(single.body).error.message).toMatch(/event\.onEvent is a subscription: subscribe over the WebSocket/);

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
