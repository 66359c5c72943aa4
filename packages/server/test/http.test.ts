import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { MaestroEvent } from "@maestro/domain";
import { createTRPCClient, createWSClient, wsLink } from "@trpc/client";
import { WebSocket } from "ws";
import { describe, expect, it } from "vitest";
import { StartupError } from "../src/main";
import type { AppRouter } from "../src/routers/app";
import {
  NodeWebSocket,
  dbSnapshot,
  expectClientError,
  makeHttpClient,
  useServerPool,
  ownerClient,
  rawRequest,
  tryUpgrade,
  waitFor,
} from "./live-server";

const pool = useServerPool();

const TOKEN = "s3cret-token-0123456789";

describe("GET /healthz", () => {
  it("answers 200 with JSON { ok: true }", async () => {
    const server = await pool.start();
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    expect(await res.json()).toMatchObject({ ok: true });
  });
});

describe("tRPC over HTTP", () => {
  it("creates a project and a task and lists them", async () => {
    const server = await pool.start();
    const client = ownerClient(server);
    const project = await client.project.create.mutate({ name: "Web", rootDir: "/tmp/web", key: "WEB" });
    const task = await client.task.create.mutate({ projectId: "WEB", title: "Ship it", priority: "high" });
    expect(task).toMatchObject({
      key: "WEB-1",
      projectId: project.id,
      title: "Ship it",
      priority: "high",
      status: "todo",
    });
    expect(await client.task.list.query({ projectId: "WEB" })).toEqual({ items: [task], nextCursor: null });
    expect(await client.project.list.query()).toEqual({ items: [project], nextCursor: null });
    const { items: events } = await client.event.list.query({ projectId: "WEB" });
    expect(events.map((e) => [e.kind, e.actor])).toEqual([
      ["project.created", "owner"],
      ["task.created", "owner"],
    ]);
  });

  it.each([
    ["an empty title", { projectId: "WEB", title: "   " }, "BAD_REQUEST", 400, "title", /^title: must not be empty$/],
    [
      "a 100 KB title",
      { projectId: "WEB", title: "x".repeat(100_000) },
      "BAD_REQUEST",
      400,
      "title",
      /^title: must be at most 500 characters$/,
    ],
    [
      "an unknown status",
      { projectId: "WEB", title: "t", status: "doing" },
      "BAD_REQUEST",
      400,
      "status",
      /^status: must be one of todo, /,
    ],
    ["a missing title", { projectId: "WEB" }, "BAD_REQUEST", 400, "title", /^title: is required$/],
    ["an unknown project", { projectId: "NOPE", title: "t" }, "NOT_FOUND", 404, null, /^project "NOPE" not found$/],
  ])(
    "refuses %s with a 4xx naming the problem, and writes nothing",
    async (_name, input, code, httpStatus, field, message) => {
      const server = await pool.start();
      const client = ownerClient(server);
      await client.project.create.mutate({ name: "Web", rootDir: "/tmp/web", key: "WEB" });
      await client.task.create.mutate({ projectId: "WEB", title: "existing" });
      const before = await dbSnapshot(server.database);
      const listed = await client.task.list.query({ projectId: "WEB" });

      // Deliberately untyped input, as a hand-written client could send.
      const error = await expectClientError(client.task.create.mutate(input as { projectId: string; title: string }));
      expect(error.data).toMatchObject({
        code,
        httpStatus,
        field,
        domainCode: code === "NOT_FOUND" ? "NOT_FOUND" : null,
      });
      expect(error.message).toMatch(message);

      expect(await dbSnapshot(server.database)).toBe(before);
      expect(await client.task.list.query({ projectId: "WEB" })).toEqual(listed);
    },
  );
});

describe("request size", () => {
  it("refuses a body over 2 MiB with 413 and stays up", async () => {
    const server = await pool.start();
    const body = JSON.stringify({ name: "x".repeat(3 * 1024 * 1024), rootDir: "/tmp/x" });
    const res = await rawRequest({
      port: server.port,
      path: "/trpc/project.create",
      method: "POST",
      headers: {
        host: `127.0.0.1:${server.port}`,
        "content-type": "application/json",
        authorization: `Bearer ${server.token}`,
      },
      body,
    });
    expect(res.status).toBe(413);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});

describe("Host and Origin checks", () => {
  it("refuses a foreign Origin or Host with 403 and accepts the server's own names", async () => {
    const server = await pool.start();
    const { port } = server;
    const path = "/trpc/project.list";
    const auth = { authorization: `Bearer ${server.token}` };
    const call = (headers: Record<string, string>) => rawRequest({ port, path, headers: { ...auth, ...headers } });

    const evilOrigin = await call({ origin: "http://evil.example" });
    expect(evilOrigin.status).toBe(403);
    expect(evilOrigin.body).not.toContain("result");
    expect((await call({ host: "evil.example" })).status).toBe(403);
    expect((await call({ host: `evil.example:${port}` })).status).toBe(403);
    expect((await call({ origin: "null" })).status).toBe(403);
    // A DNS-rebinding page reaches us as its own name and must not be served, not even /healthz.
    expect((await rawRequest({ port, path: "/healthz", headers: { host: `rebind.example:${port}` } })).status).toBe(
      403,
    );

    for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`]) {
      const sameOrigin = await call({ origin });
      expect(sameOrigin.status, origin).toBe(200);
      expect(JSON.parse(sameOrigin.body)).toEqual({ result: { data: { items: [], nextCursor: null } } });
    }
    expect((await call({ host: `localhost:${port}` })).status).toBe(200);
    expect((await call({ origin: "http://localhost:5173" })).status).toBe(403);
  });

  it("lets an origin from allowedOrigins in (the Vite dev server)", async () => {
    const server = await pool.start({ allowedOrigins: ["http://localhost:5173"] });
    const authorization = `Bearer ${server.token}`;
    const call = (origin: string) =>
      rawRequest({ port: server.port, path: "/trpc/project.list", headers: { origin, authorization } });
    expect((await call("http://localhost:5173")).status).toBe(200);
    expect((await call("http://localhost:5174")).status).toBe(403);
    expect((await call("http://evil.example")).status).toBe(403);
  });

  it("regression: matches allowedOrigins case-insensitively (browsers send them in lower case)", async () => {
    const server = await pool.start({ allowedOrigins: ["http://Dev.Example:5173/"] });
    const res = await rawRequest({
      port: server.port,
      path: "/trpc/project.list",
      headers: { origin: "http://dev.example:5173", authorization: `Bearer ${server.token}` },
    });
    expect(res.status).toBe(200);
  });

  it("refuses a WebSocket upgrade from a foreign Origin or Host and opens a same-origin one", async () => {
    const server = await pool.start();
    const url = `ws://127.0.0.1:${server.port}/trpc`;
    expect(await tryUpgrade(url, { origin: "http://evil.example" })).toEqual({ kind: "refused", status: 403 });
    expect(await tryUpgrade(url, { headers: { host: "evil.example" } })).toEqual({ kind: "refused", status: 403 });
    expect(await tryUpgrade(`ws://127.0.0.1:${server.port}/elsewhere`)).toEqual({ kind: "refused", status: 403 });
    expect(await tryUpgrade(url, { origin: `http://127.0.0.1:${server.port}` })).toEqual({ kind: "open" });
    expect(await tryUpgrade(url)).toEqual({ kind: "open" });
  });
});

describe("token", () => {
  it("refuses to listen beyond loopback without a token", async () => {
    const home = pool.home();
    const starting = pool.start({ home, host: "0.0.0.0", port: 0 });
    await expect(starting).rejects.toBeInstanceOf(StartupError);
    await expect(starting).rejects.toThrow(/MAESTRO_TOKEN/);
  });

  it("refuses a token too short to be a secret", async () => {
    await expect(pool.start({ token: "short" })).rejects.toThrow(/at least 16 characters/);
  });

  it("requires the bearer token on HTTP", async () => {
    const server = await pool.start({ token: TOKEN });
    const without = await expectClientError(makeHttpClient(server.url).project.list.query());
    expect(without.data).toMatchObject({ code: "UNAUTHORIZED", httpStatus: 401 });
    const wrong = await expectClientError(makeHttpClient(server.url, { token: `${TOKEN}x` }).project.list.query());
    expect(wrong.data).toMatchObject({ code: "UNAUTHORIZED", httpStatus: 401 });
    const raw = await rawRequest({ port: server.port, path: "/trpc/project.list", headers: { authorization: TOKEN } });
    expect(raw.status).toBe(401);

    const client = makeHttpClient(server.url, { token: TOKEN });
    await client.project.create.mutate({ name: "Web", rootDir: "/tmp/web", key: "WEB" });
    expect((await client.project.list.query()).items.map((p) => p.key)).toEqual(["WEB"]);
  });

  it("refuses a WebSocket without the token before any subscription starts", async () => {
    const server = await pool.start({ token: TOKEN });
    for (const [path, params] of [
      ["/trpc", undefined],
      ["/trpc?connectionParams=1", { token: "wrong-token-0123456789" }],
    ] as const) {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}${path}`);
      const messages: unknown[] = [];
      ws.on("message", (data) => messages.push(JSON.parse(String(data))));
      ws.on("open", () => {
        if (params) ws.send(JSON.stringify({ method: "connectionParams", data: params }));
        ws.send(JSON.stringify({ id: 1, method: "subscription", params: { path: "event.onEvent", input: {} } }));
      });
      const closed = new Promise((resolve) => ws.on("close", resolve));
      await closed;
      // The connection-level refusal, then possibly the subscription's own; never a result.
      expect(messages.length, path).toBeGreaterThan(0);
      for (const message of messages) {
        expect(message, path).toMatchObject({ error: { data: { code: "UNAUTHORIZED", httpStatus: 401 } } });
      }
    }
    expect(server.events.listenerCount()).toBe(0);
  });

  it("streams to a tRPC WebSocket client only when it presents the token", async () => {
    const server = await pool.start({ token: TOKEN });
    const http = makeHttpClient(server.url, { token: TOKEN });
    const url = `ws://127.0.0.1:${server.port}/trpc`;

    let closes = 0;
    const anonymous = createWSClient({
      url,
      WebSocket: NodeWebSocket,
      retryDelayMs: () => 20,
      onClose: () => closes++,
    });
    const seenByAnonymous: string[] = [];
    createTRPCClient<AppRouter>({ links: [wsLink({ client: anonymous })] }).event.onEvent.subscribe(
      {},
      { onStarted: () => seenByAnonymous.push("started"), onData: () => seenByAnonymous.push("data") },
    );

    const authorized = createWSClient({ url, WebSocket: NodeWebSocket, connectionParams: { token: TOKEN } });
    const received: MaestroEvent[] = [];
    let started = false;
    const subscription = createTRPCClient<AppRouter>({
      links: [wsLink({ client: authorized })],
    }).event.onEvent.subscribe({}, { onStarted: () => (started = true), onData: ({ data }) => received.push(data) });
    try {
      await waitFor("the authorized subscription to start", () => started);
      await waitFor("the server to close the anonymous socket twice", () => closes >= 2);
      await http.project.create.mutate({ name: "Web", rootDir: "/tmp/web", key: "WEB" });
      await waitFor("the event to reach the authorized client", () => received.length === 1);
      expect(received[0]).toMatchObject({ kind: "project.created", actor: "owner" });
      expect(seenByAnonymous).toEqual([]);
      expect(server.events.listenerCount()).toBe(1);
    } finally {
      subscription.unsubscribe();
      await Promise.all([anonymous.close(), authorized.close()]);
    }
  });
});

describe("static dashboard", () => {
  const INDEX = "<!doctype html><title>Maestro test shell</title>";
  const APP = "console.log('maestro app');";
  const SECRET = "CANARY-outside-the-dashboard-root";

  async function startWithDashboard() {
    const home = pool.home();
    const dashboardDir = join(home, "dist");
    mkdirSync(join(dashboardDir, "assets"), { recursive: true });
    writeFileSync(join(dashboardDir, "index.html"), INDEX);
    writeFileSync(join(dashboardDir, "assets", "app.js"), APP);
    writeFileSync(join(home, "secret.txt"), SECRET);
    return pool.start({ home, dashboardDir });
  }

  it("serves files, falls back to index.html for client routes, and 404s missing assets", async () => {
    const server = await startWithDashboard();
    for (const path of ["/", "/projects/WEB", "/projects/WEB/tasks/WEB-1?tab=log"]) {
      const res = await rawRequest({ port: server.port, path });
      expect([res.status, res.headers["content-type"], res.body], path).toEqual([
        200,
        "text/html; charset=utf-8",
        INDEX,
      ]);
    }
    const app = await rawRequest({ port: server.port, path: "/assets/app.js" });
    expect([app.status, app.headers["content-type"], app.body]).toEqual([200, "text/javascript; charset=utf-8", APP]);
    expect((await rawRequest({ port: server.port, path: "/assets/nope.js" })).status).toBe(404);
    expect((await rawRequest({ port: server.port, path: "/assets/%E0%A4%A.js" })).status).toBe(400);
  });

  it.each([
    "/../../etc/passwd",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/..%2f..%2f..%2fetc%2fpasswd",
    "/../secret.txt",
    "/%2e%2e/secret.txt",
    "/assets/..%2f..%2fsecret.txt",
    "/assets/%2E%2E/%2E%2E/secret.txt",
    "/..\\secret.txt",
    "/..%5csecret.txt",
  ])("regression: refuses the traversal %s outright, leaking nothing", async (path) => {
    const server = await startWithDashboard();
    const res = await rawRequest({ port: server.port, path });
    expect([403, 404]).toContain(res.status);
    expect(res.body).not.toContain(SECRET);
    expect(res.body).not.toMatch(/root:.*:0:0:/);
    expect(res.body).not.toContain(INDEX);
  });

  it("sends the browser security headers on every response: dashboard, assets, health, API, errors", async () => {
    const server = await startWithDashboard();
    for (const path of ["/", "/projects/WEB", "/assets/app.js", "/assets/nope.js", "/healthz", "/trpc/project.list"]) {
      const res = await rawRequest({ port: server.port, path });
      expect(res.status, path).toBeLessThan(500);
      const csp = String(res.headers["content-security-policy"] ?? "");
      const directives = new Map(csp.split(/;\s*/).map((d) => [d.split(" ")[0], d.split(" ").slice(1)] as const));
      expect(directives.get("default-src"), path).toEqual(["'self'"]);
      expect(directives.get("script-src"), path).toEqual(["'self'"]);
      expect(directives.get("img-src"), path).toEqual(["'self'", "data:"]);
      expect(directives.get("frame-ancestors"), path).toEqual(["'none'"]);
      expect(directives.get("connect-src"), path).toContain(`ws://127.0.0.1:${server.port}`);
      expect(res.headers["referrer-policy"], path).toBe("no-referrer");
      expect(res.headers["x-frame-options"], path).toBe("DENY");
      expect(res.headers["x-content-type-options"], path).toBe("nosniff");
    }
    const refused = await rawRequest({ port: server.port, path: "/", headers: { host: "evil.example" } });
    expect(refused.status).toBe(403);
    expect(refused.headers["x-frame-options"]).toBe("DENY");
    expect(refused.headers["content-security-policy"]).not.toContain("evil.example");
  });
});
