import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LogChunk } from "@maestro/domain";
import { createTRPCClient, createWSClient, wsLink } from "@trpc/client";
import { WebSocket } from "ws";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createContextInner } from "../src/context";
import { limitsFromEnv, readServerEnv } from "../src/env";
import { DEFAULT_LIMITS, resolveLimits } from "../src/limits";
import { LogBus } from "../src/log-bus";
import type { AppRouter } from "../src/routers/app";
import { appRouter } from "../src/routers/app";
import { Dispatcher } from "../src/services/runner/dispatcher";
import { createCallerFactory } from "../src/trpc";
import { type World, makeWorld } from "./helpers";
import { NodeWebSocket, makeHttpClient, makeServerPool, tryUpgrade, waitFor } from "./live-server";

const pool = makeServerPool();
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  await pool.cleanup();
});

/** A raw, signed-in connection: tRPC's connection-params message carries the owner token. */
function openSocket(url: string, token: string): Promise<WebSocket> {
  const socket = new WebSocket(`${url}?connectionParams=1`);
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once("open", () => {
      socket.send(JSON.stringify({ method: "connectionParams", data: { token } }));
      resolve(socket);
    });
    socket.once("error", reject);
  });
}

function wsClientOf(url: string, token: string) {
  const client = createWSClient({ url, WebSocket: NodeWebSocket, retryDelayMs: () => 5, connectionParams: { token } });
  return { client, api: createTRPCClient<AppRouter>({ links: [wsLink({ client })] }) };
}

/** One `event.onEvent` subscription, recording whether it started, what it got and how it failed. */
function subscribeEvents(api: ReturnType<typeof wsClientOf>["api"]) {
  const state = { started: false, kinds: [] as string[], error: null as null | { code?: string; message: string } };
  const subscription = api.event.onEvent.subscribe(
    {},
    {
      onStarted: () => (state.started = true),
      onData: ({ data }) => state.kinds.push(data.kind),
      onError: (error) => (state.error = { code: error.data?.code, message: error.message }),
    },
  );
  return { state, unsubscribe: () => subscription.unsubscribe() };
}

describe("limits from the environment", () => {
  it("reads each bound, keeps the defaults of those left out, and names a bad one", () => {
    const env = readServerEnv({
      MAESTRO_SESSION_LOG_MAX_MB: "1.5",
      MAESTRO_WS_MAX_CONNECTIONS: "8",
      MAESTRO_HTTP_MAX_CONNECTIONS: "64",
      MAESTRO_DELEGATION_MAX_DEPTH: "1",
      MAESTRO_DELEGATION_MAX_SESSIONS: "5",
      MAESTRO_AGENT_MAX_CREATED_TASKS: "7",
    });
    expect(resolveLimits(limitsFromEnv(env))).toEqual({
      ...DEFAULT_LIMITS,
      sessionLogBytes: 1.5 * 1024 * 1024,
      wsConnections: 8,
      httpConnections: 64,
      delegationDepth: 1,
      sessionsStartedPerSession: 5,
      tasksCreatedPerSession: 7,
    });
    expect(() => readServerEnv({ MAESTRO_WS_MAX_SUBSCRIPTIONS: "0" })).toThrow(/MAESTRO_WS_MAX_SUBSCRIPTIONS/);
  });
});

describe("a server's limits", () => {
  it("reach the claim waiters and the log budget from ServerOptions", async () => {
    const server = await pool.start({ limits: { claimWaiters: 1, sessionLogBytes: 1234 } });
    expect(server.logs.budget.maxBytes).toBe(1234);
    const client = makeHttpClient(server.url, { token: server.token });
    const held = new AbortController();
    const first = client.runner.claim.mutate({ runnerId: "r1", waitMs: 10_000 }, { signal: held.signal });
    first.catch(() => {});
    // The first claim is on its own connection; give it time to reach the dispatcher.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const asked = Date.now();
    expect(await client.runner.claim.mutate({ runnerId: "r2", waitMs: 4_000 })).toBeNull();
    expect(Date.now() - asked).toBeLessThan(2_000);
    held.abort();
  });
});

describe("WebSocket connections in total", () => {
  it("answers an upgrade past the cap with 503 and keeps serving the connections it holds", async () => {
    const server = await pool.start({ limits: { wsConnections: 2 } });
    const url = `${server.url.replace("http", "ws")}/trpc`;
    const first = await openSocket(url, server.token);
    await openSocket(url, server.token);
    expect(await tryUpgrade(url)).toEqual({ kind: "refused", status: 503 });
    const answer = new Promise<string>((resolve) => first.once("message", (data) => resolve(String(data))));
    first.send(JSON.stringify({ id: 1, method: "query", params: { path: "project.list", input: {} } }));
    expect(JSON.parse(await answer)).toMatchObject({
      id: 1,
      result: { type: "data", data: { items: [], nextCursor: null } },
    });
    first.close();
    await waitFor("a place to free up", async () => (await tryUpgrade(url)).kind === "open");
  });
});

describe("WebSocket subscriptions per connection", () => {
  it("refuses a subscription past the cap with TOO_MANY_REQUESTS naming it; the others and the connection go on", async () => {
    const server = await pool.start({ limits: { wsSubscriptionsPerConnection: 2 } });
    const { client, api } = wsClientOf(`${server.url.replace("http", "ws")}/trpc`, server.token);
    const held = [subscribeEvents(api), subscribeEvents(api)];
    await waitFor("two subscriptions", () => held.every((one) => one.state.started));
    const refused = subscribeEvents(api);
    await waitFor("the refusal", () => refused.state.error !== null);
    expect(refused.state.error).toEqual({ code: "TOO_MANY_REQUESTS", message: expect.stringMatching(/at most 2/) });
    expect(refused.state.error?.message).toMatch(/MAESTRO_WS_MAX_SUBSCRIPTIONS/);

    await makeHttpClient(server.url, { token: server.token }).project.create.mutate({
      name: "Web",
      rootDir: "/tmp/web",
      key: "WEB",
    });
    await waitFor("events on the held subscriptions", () => held.every((one) => one.state.kinds.length === 1));
    expect((await api.project.list.query()).items).toHaveLength(1);

    held[0]!.unsubscribe();
    // The server frees the place when the stopped stream's generator ends, which may be just after
    // the stop is read: a subscription refused in that moment is retried until the place is taken.
    let next = subscribeEvents(api);
    await waitFor("a freed place to be taken", () => {
      if (next.state.error?.code === "TOO_MANY_REQUESTS") {
        next.unsubscribe();
        next = subscribeEvents(api);
      }
      return next.state.started;
    });
    expect(next.state.error).toBeNull();
    refused.unsubscribe();
    held[1]!.unsubscribe();
    next.unsubscribe();
    await client.close();
  });

  it("counts each connection on its own", async () => {
    const server = await pool.start({ limits: { wsSubscriptionsPerConnection: 1 } });
    const url = `${server.url.replace("http", "ws")}/trpc`;
    const connections = [wsClientOf(url, server.token), wsClientOf(url, server.token)];
    const subscriptions = connections.map(({ api }) => subscribeEvents(api));
    await waitFor("one subscription on each", () => subscriptions.every((one) => one.state.started));
    expect(subscriptions.map((one) => one.state.error)).toEqual([null, null]);
    for (const one of subscriptions) one.unsubscribe();
    await Promise.all(connections.map(({ client }) => client.close()));
  });
});

let world: World;
let dir: string;
beforeEach(async () => {
  world = await makeWorld();
  dir = mkdtempSync(join(tmpdir(), "maestro-limits-"));
  await world.caller.project.create({ name: "Web", rootDir: dir, key: "WEB" });
  await world.caller.task.create({ projectId: "WEB", title: "Build it" });
  await world.caller.agent.add({ name: "script", adapter: "custom", command: ["/bin/echo", "{promptFile}"] });
});
afterEach(async () => {
  await world.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A caller whose server has these claim-waiter bounds, on a connection of its own. */
function runnerCaller(dispatcher: Dispatcher) {
  return createCallerFactory(appRouter)(
    createContextInner({ ...world.ctx, dispatcher, signal: new AbortController().signal }),
  );
}

describe("runner claims held open", () => {
  it("answers a claim past the per-runner or total bound with null at once; those held still get work", async () => {
    const dispatcher = new Dispatcher(world.events, { claimWaitersPerRunner: 1, claimWaiters: 2 });
    const caller = runnerCaller(dispatcher);
    // Each claim first looks at the queue (a database read, slow on a loaded machine): the bound
    // is about claims already waiting, so each is waiting before the next is made.
    const isWaiting = (runnerId: string) => vi.waitFor(() => expect(dispatcher.sessions.waiting(runnerId)).toBe(1));
    const held = caller.runner.claim({ runnerId: "r1", waitMs: 10_000 });
    await isWaiting("r1");
    await expect(caller.runner.claim({ runnerId: "r1", waitMs: 10_000 })).resolves.toBeNull();
    const other = caller.runner.claim({ runnerId: "r2", waitMs: 10_000 });
    await isWaiting("r2");
    await expect(caller.runner.claim({ runnerId: "r3", waitMs: 10_000 })).resolves.toBeNull();
    expect(dispatcher.sessions.waiting()).toBe(2);

    const session = await world.caller.session.start({ taskIds: ["WEB-1"], agent: "script" });
    expect((await held)?.session.id).toBe(session.id);
    dispatcher.release("r2");
    expect(await other).toBeNull();
    expect(dispatcher.sessions.waiting()).toBe(0);
    // A missed wake-up would answer the held claim null after its 10 s wait: the timeout is past that.
  }, 20_000);
});

describe("per-session log cap", () => {
  async function runningSession(maxSessionBytes: number) {
    const logs = new LogBus({ maxSessionBytes });
    const caller = createCallerFactory(appRouter)(createContextInner({ ...world.ctx, logs }));
    const session = await caller.session.start({ taskIds: ["WEB-1"], agent: "script" });
    const claim = (await caller.runner.claim({ runnerId: "r1" }))!;
    const lease = { sessionId: session.id, lease: claim.lease };
    await caller.runner.started({ ...lease, pid: 999999, cwd: dir, worktreePath: null, branch: null });
    const published: LogChunk[] = [];
    logs.listen(session.id, (chunks) => published.push(...chunks));
    const write = (text: string) => caller.runner.log({ ...lease, chunks: [{ stream: "stdout", text }] });
    return { caller, session, lease, published, write };
  }

  it("stores output up to the cap, then one line counting what was dropped, and the session goes on", async () => {
    const { caller, session, lease, published, write } = await runningSession(100);
    await write("a".repeat(60));
    await write("b".repeat(30));
    await write("c".repeat(20));
    await write("d".repeat(1_000));
    await caller.runner.log({
      ...lease,
      chunks: [{ stream: "stdout", text: "é".repeat(5) }],
      events: [{ type: "message", text: "dropped with its output" }],
    });

    const stored = await caller.session.log({ id: session.id });
    expect(stored.map((chunk) => chunk.text.slice(0, 1))).toEqual(["a", "b", "["]);
    expect(stored[2]).toMatchObject({ stream: "system" });
    expect(stored[2]!.text).toMatch(/^\[maestro\] log truncated: .*MAESTRO_SESSION_LOG_MAX_MB.*; 1030 bytes dropped/);
    expect(published.map((chunk) => chunk.text.slice(0, 1))).toEqual(["a", "b", "["]);
    const { items: outputEvents } = await caller.event.list({ entityId: session.id });
    expect(outputEvents.filter((event) => event.kind === "session.output")).toEqual([]);

    const ended = await caller.runner.finish({ ...lease, exitCode: 0, signal: null, error: null });
    expect(ended.status).toBe("succeeded");
  });

  it("regression: output dropped past the cap still counts as output, so a chatty agent is not stalled", async () => {
    const { caller, session, write } = await runningSession(10);
    await write("a".repeat(20));
    const before = (await caller.session.byId({ id: session.id })).lastOutputAt!;
    await new Promise((resolve) => setTimeout(resolve, 5));
    await write("b".repeat(20));
    const after = (await caller.session.byId({ id: session.id })).lastOutputAt!;
    expect(Date.parse(after)).toBeGreaterThan(Date.parse(before));
  });

  it("keeps counting after the server forgot the session's budget (read back from the database)", async () => {
    const { session, lease, write } = await runningSession(10);
    await write("0123456789");
    await write("x");
    const restarted = createCallerFactory(appRouter)(
      createContextInner({ ...world.ctx, logs: new LogBus({ maxSessionBytes: 10 }) }),
    );
    await restarted.runner.log({ ...lease, chunks: [{ stream: "stdout", text: "yy" }] });
    const stored = await restarted.session.log({ id: session.id });
    expect(stored).toHaveLength(2);
    expect(stored[1]!.text).toMatch(/2 bytes dropped/);
  });
});
