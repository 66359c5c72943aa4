import { createTRPCClient, httpLink } from "@trpc/client";
import { WebSocket } from "ws";
import { describe, expect, it } from "vitest";
import type { RunningServer } from "../src/main";
import { type AppRouter, appRouter } from "../src/routers/app";
import { createCallerFactory } from "../src/trpc";
import { expectTrpcError, makeWorld } from "./helpers";
import { expectClientError, useServerPool, rawRequest } from "./live-server";

const pool = useServerPool();

const TOKEN = "owner-token-0123456789abcdef";

/** A tRPC client sending exactly these headers (a cookie, a bearer token, or nothing). */
function clientWith(url: string, headers: Record<string, string>) {
  return createTRPCClient<AppRouter>({ links: [httpLink({ url: `${url}/trpc`, headers })] });
}

function codeOf(link: string): string {
  return new URL(link).hash.replace(/^#code=/, "");
}

function signIn(server: RunningServer, body: unknown, headers: Record<string, string> = {}) {
  return rawRequest({
    port: server.port,
    path: "/auth/signin",
    method: "POST",
    headers: { host: `127.0.0.1:${server.port}`, "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

/** Signs in with a fresh link and returns the `name=value` pair a browser would send back. */
async function signedInCookie(server: RunningServer): Promise<string> {
  const res = await signIn(server, { code: codeOf(await server.signInLink()) });
  expect(res.status).toBe(204);
  const setCookie = res.headers["set-cookie"]?.[0] ?? "";
  return setCookie.split(";")[0]!;
}

function session(server: RunningServer, cookie?: string) {
  return rawRequest({ port: server.port, path: "/auth/session", headers: cookie ? { cookie } : {} });
}

/** One tRPC query over a raw WebSocket whose upgrade request carries `headers`. */
function queryOverWebSocket(server: RunningServer, headers: Record<string, string>): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/trpc`, { headers });
    ws.on("open", () => ws.send(JSON.stringify({ id: 1, method: "query", params: { path: "project.list" } })));
    ws.on("message", (data) => {
      resolve(JSON.parse(String(data)));
      ws.terminate();
    });
    ws.on("error", reject);
  });
}

describe("dashboard sign-in link", () => {
  it("sets an HttpOnly, SameSite=Strict session cookie once, and refuses the same link again", async () => {
    const server = await pool.start({ token: TOKEN });
    const link = await server.signInLink();
    expect(link).toMatch(new RegExp(`^${server.url}/signin#code=[A-Za-z0-9_-]{43}$`));
    const first = await signIn(server, { code: codeOf(link) });
    expect(first.status).toBe(204);
    const setCookie = first.headers["set-cookie"]?.[0] ?? "";
    expect(setCookie).toMatch(new RegExp(`^maestro_session_${server.port}=v1\\.`));
    expect(setCookie).toContain("HttpOnly");
    expect(setCookie).toContain("SameSite=Strict");
    expect(setCookie).toContain("Path=/");
    expect(setCookie).not.toContain("Secure");

    const again = await signIn(server, { code: codeOf(link) });
    expect(again.status).toBe(401);
    expect(JSON.parse(again.body)).toMatchObject({ error: { message: expect.stringMatching(/already used/) } });
    const unknown = await signIn(server, { code: "not-a-code" });
    expect(unknown.status).toBe(401);
    expect(unknown.body).toMatch(/not valid.*maestro dashboard/);
  });

  it("signs in with the owner token, and refuses a wrong one", async () => {
    const server = await pool.start({ token: TOKEN });
    expect((await signIn(server, { token: TOKEN })).status).toBe(204);
    const wrong = await signIn(server, { token: `${TOKEN}x` });
    expect(wrong.status).toBe(401);
    expect(wrong.headers["set-cookie"]).toBeUndefined();
    expect(wrong.body).toMatch(/wrong token/);
  });

  it.each([
    ["a body that is not JSON", { "content-type": "application/json" }, "{", 400, /not valid JSON/],
    ["a form post", { "content-type": "application/x-www-form-urlencoded" }, "code=x", 415, /must be JSON/],
    ["an unknown field", { "content-type": "application/json" }, '{"code":"x","admin":true}', 400, /"code"/],
    [
      "a 5 KB body",
      { "content-type": "application/json" },
      JSON.stringify({ code: "x".repeat(5_000) }),
      413,
      /at most/,
    ],
  ])("answers %s with a clear 4xx and no cookie", async (_name, headers, body, status, message) => {
    const server = await pool.start({ token: TOKEN });
    const res = await rawRequest({ port: server.port, path: "/auth/signin", method: "POST", headers, body });
    expect(res.status).toBe(status);
    expect(JSON.parse(res.body).error.message).toMatch(message);
    expect(res.headers["set-cookie"]).toBeUndefined();
  });

  it("answers only its endpoints and methods", async () => {
    const server = await pool.start({ token: TOKEN });
    expect((await rawRequest({ port: server.port, path: "/auth/signin" })).status).toBe(405);
    expect((await rawRequest({ port: server.port, path: "/auth/nope" })).status).toBe(404);
  });

  it.each([
    ["another Host", { host: "evil.example:80" }],
    ["another Origin", { origin: "http://evil.example" }],
    ["a sibling loopback port's Origin", { origin: "http://127.0.0.1:1" }],
  ])("refuses a sign-in from %s with 403, even with a good code", async (_name, headers) => {
    const server = await pool.start({ token: TOKEN });
    const res = await signIn(server, { code: codeOf(await server.signInLink()) }, headers);
    expect(res.status).toBe(403);
    expect(res.headers["set-cookie"]).toBeUndefined();
  });
});

describe("dashboard session cookie", () => {
  it("is the owner over HTTP; without it, or forged, the API answers 401", async () => {
    const server = await pool.start({ token: TOKEN });
    const cookie = await signedInCookie(server);
    const client = clientWith(server.url, { cookie });
    await client.project.create.mutate({ name: "Web", rootDir: "/tmp/web", key: "WEB" });
    expect((await client.project.list.query()).items.map((p) => p.key)).toEqual(["WEB"]);
    expect(JSON.parse((await session(server, cookie)).body)).toEqual({
      signedIn: true,
      kind: "owner",
      name: null,
      role: "admin",
    });

    const forged = cookie.replace(/.$/, (last) => (last === "A" ? "B" : "A"));
    const refused: Record<string, string>[] = [
      {},
      { cookie: forged },
      { cookie: `maestro_session_${server.port}=v1.9999999999999.x.y` },
    ];
    for (const headers of refused) {
      const error = await expectClientError(clientWith(server.url, headers).project.list.query());
      expect(error.data).toMatchObject({ code: "UNAUTHORIZED", httpStatus: 401 });
    }
    expect((await session(server, forged)).status).toBe(401);
    expect((await session(server)).status).toBe(401);
  });

  it("is the owner on a WebSocket whose upgrade request carries it", async () => {
    const server = await pool.start({ token: TOKEN });
    const cookie = await signedInCookie(server);
    const host = `127.0.0.1:${server.port}`;
    expect(await queryOverWebSocket(server, { cookie, host })).toMatchObject({
      id: 1,
      result: { data: { items: [], nextCursor: null } },
    });
    expect(await queryOverWebSocket(server, { host })).toMatchObject({ error: { data: { code: "UNAUTHORIZED" } } });
    expect(await queryOverWebSocket(server, { cookie, host, "sec-fetch-site": "cross-site" })).toMatchObject({
      error: { data: { code: "UNAUTHORIZED" } },
    });
  });

  it("stops working once signed out", async () => {
    const server = await pool.start({ token: TOKEN });
    const cookie = await signedInCookie(server);
    const out = await rawRequest({ port: server.port, path: "/auth/signout", method: "POST", headers: { cookie } });
    expect(out.status).toBe(204);
    expect(out.headers["set-cookie"]?.[0]).toMatch(new RegExp(`^maestro_session_${server.port}=; Max-Age=0;`));
    // A copy of the cookie kept elsewhere is void too.
    expect((await session(server, cookie)).status).toBe(401);
    const error = await expectClientError(clientWith(server.url, { cookie }).project.list.query());
    expect(error.data).toMatchObject({ code: "UNAUTHORIZED" });
  });
});

describe("auth.signInLink", () => {
  it("gives the owner a fresh link that signs in once", async () => {
    const server = await pool.start({ token: TOKEN });
    const owner = clientWith(server.url, { authorization: `Bearer ${TOKEN}` });
    const { url, expiresAt } = await owner.auth.signInLink.mutate();
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(9 * 60_000);
    expect((await signIn(server, { code: codeOf(url) })).status).toBe(204);
    expect((await signIn(server, { code: codeOf(url) })).status).toBe(401);
  });

  it("is refused to an agent", async () => {
    const world = await makeWorld();
    const agent = { kind: "agent" as const, sessionId: "s", projectId: "p", taskIds: [] };
    const caller = createCallerFactory(appRouter)({ ...world.ctx, principal: agent });
    await expectTrpcError(caller.auth.signInLink(), "FORBIDDEN");
    await world.close();
  });
});
