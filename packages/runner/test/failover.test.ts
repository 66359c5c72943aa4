import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { type Server, createServer } from "node:http";
import { type AddressInfo, type Socket, connect, createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Session } from "@maestro/domain";
import { type AppRouter, type RunningServer, startServer } from "@maestro/server";
import { createTRPCClient, httpLink } from "@trpc/client";
import { afterEach, describe, expect, it } from "vitest";
import { createRunnerClient } from "../src/client";
import { type Runner, type RunnerOptions, createRunner } from "../src/index";
import { openServerBridge } from "../src/server-bridge";
import { createServerPool } from "../src/server-pool";
import { MAESTRO_BIN } from "./world";

// A runner given several servers (`serverUrl` as a list): where it starts, what makes it move on,
// and that it claims from the server it moved to. Two real servers on two homes (two databases)
// suffice here; carrying a running agent over to a server on the same database is
// packages/cli/test/runner-failover.test.ts.

const cleanups: Array<() => Promise<unknown> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * A real server on port 0 in throw-away directories, a client with its owner token, and a
 * project; with `runnerTokenOf`, it takes that home's runner token (as servers on one database share one).
 */
async function startHome(
  key: string,
  { runnerTokenOf, allowedHost }: { runnerTokenOf?: string; allowedHost?: string } = {},
) {
  const home = mkdtempSync(join(tmpdir(), "maestro-failover-home-"));
  if (runnerTokenOf) copyFileSync(join(runnerTokenOf, "runner-token"), join(home, "runner-token"));
  const rootDir = mkdtempSync(join(tmpdir(), "maestro-failover-project-"));
  const server: RunningServer = await startServer({
    home,
    host: "127.0.0.1",
    port: 0,
    log: () => {},
    ...(allowedHost ? { allowedHosts: [allowedHost] } : {}),
  });
  let isClosed = false;
  const close = async () => {
    if (!isClosed) await server.close();
    isClosed = true;
  };
  cleanups.push(() => rmSync(home, { recursive: true, force: true }));
  cleanups.push(() => rmSync(rootDir, { recursive: true, force: true }));
  cleanups.push(close);
  const client = createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${server.url}/trpc`, headers: { authorization: `Bearer ${server.token}` } })],
  });
  await client.project.create.mutate({ name: key, rootDir, key });

  /** Queues a session of a shell command task. */
  async function queue(command: string): Promise<Session> {
    const task = await client.task.create.mutate({ projectId: key, title: command, command });
    return client.session.start.mutate({ taskIds: [task.id] });
  }

  async function waitForStatus(id: string, status: string): Promise<Session> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const session = await client.session.byId.query({ id });
      if (session.status === status) return session;
      if (Date.now() > deadline) throw new Error(`session ${id} is ${session.status}, not ${status}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  const { url, runnerToken, token: ownerToken } = server;
  return { home, url, runnerToken, ownerToken, client, queue, waitForStatus, close };
}

/** A runner for `serverUrl` (its log kept), stopped after the test. */
function runnerFor(home: string, options: Partial<RunnerOptions> & Pick<RunnerOptions, "serverUrl" | "token">) {
  const log: string[] = [];
  const runner: Runner = createRunner({
    home,
    maestroBin: MAESTRO_BIN,
    log: (line) => log.push(line),
    graceMs: 1_000,
    heartbeatMs: 500,
    readAvailableMemoryMb: () => 64 * 1024,
    ...options,
  });
  cleanups.push(() => runner.stop());
  return { runner, log };
}

async function listening(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** An address nothing listens on. */
async function refusingUrl(): Promise<string> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return `http://127.0.0.1:${port}`;
}

/** Answers every call with tRPC's internal server error (500), as a server whose database is gone would. */
const failingUrl = () =>
  listening(
    createServer((_req, res) => {
      res.writeHead(500, { "content-type": "application/json" });
      const data = { code: "INTERNAL_SERVER_ERROR", httpStatus: 500 };
      res.end(JSON.stringify({ error: { message: "the database is gone", code: -32603, data } }));
    }),
  );

/** Takes every call and never answers. */
const silentUrl = () => listening(createServer(() => {}));

/**
 * A TCP proxy to the server at `target` (set once it runs) that can be frozen: from then on
 * nothing passes either way and new connections are taken but go nowhere, as with a server that
 * hangs (or a network that drops).
 */
async function freezableProxy() {
  let target = "";
  const sockets = new Set<Socket>();
  let isFrozen = false;
  const proxy = createNetServer((client) => {
    sockets.add(client);
    if (isFrozen) return;
    const upstream = connect(Number(new URL(target).port), "127.0.0.1");
    sockets.add(upstream);
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      from.on("data", (data) => isFrozen || to.write(data));
      from.on("close", () => isFrozen || to.destroy());
      from.on("error", () => {});
    }
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise((resolve) => proxy.close(resolve));
  });
  const host = `127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  return {
    host,
    url: `http://${host}`,
    to: (url: string) => (target = url),
    freeze: () => (isFrozen = true),
  };
}

describe("a runner with several servers", { timeout: 60_000 }, () => {
  it("starts on the first that answers, passing over one refusing connections, one failing (5xx) and one silent", async () => {
    const a = await startHome("AA");
    const urls = [await refusingUrl(), await failingUrl(), await silentUrl(), a.url];
    const { runner, log } = runnerFor(a.home, { serverUrl: urls, token: a.runnerToken, callTimeoutMs: 500 });
    await runner.start();
    expect(runner.serverUrl).toBe(a.url);
    expect(log).toContain(`runner: now working for ${a.url}`);

    const session = await a.queue("echo ran");
    expect(await a.waitForStatus(session.id, "succeeded")).toMatchObject({ exitCode: 0 });
  });

  it("does not start when a server refuses its token (the others would too), or when none answers", async () => {
    const a = await startHome("AA");
    const b = await startHome("BB");
    // Two homes, two runner tokens: b refuses a's.
    const refused = runnerFor(a.home, { serverUrl: [b.url, a.url], token: a.runnerToken });
    await expect(refused.runner.start()).rejects.toThrow(/token/i);
    expect(refused.runner.serverUrl).toBe(b.url);

    const [first, second] = [await refusingUrl(), await refusingUrl()];
    const nowhere = runnerFor(a.home, { serverUrl: [first, second], token: a.runnerToken });
    await expect(nowhere.runner.start()).rejects.toThrow(
      `no server answered (${first}: fetch failed; ${second}: fetch failed)`,
    );
  });

  it("works for the first while it answers, then moves to the second and claims from it", async () => {
    const a = await startHome("AA");
    const b = await startHome("BB", { runnerTokenOf: a.home });
    const waiting = await b.queue("echo from-b");
    const { runner, log } = runnerFor(a.home, { serverUrl: [a.url, b.url], token: a.runnerToken });
    await runner.start();
    expect(runner.serverUrl).toBe(a.url);
    const first = await a.queue("echo from-a");
    const ran = await a.waitForStatus(first.id, "succeeded");
    expect(ran).toMatchObject({ exitCode: 0 });
    // While a answers, b's queue is not the runner's business.
    expect((await b.client.session.byId.query({ id: waiting.id })).status).toBe("queued");

    await a.close();
    expect(await b.waitForStatus(waiting.id, "succeeded")).toMatchObject({ exitCode: 0, runnerId: ran.runnerId });
    expect(runner.serverUrl).toBe(b.url);
    expect(log).toContain(`runner: now working for ${b.url}`);
    expect(log.some((line) => line.startsWith(`runner: ${a.url} stopped answering (`))).toBe(true);
  });

  it("moves on from a server that stops answering without closing anything (no answer in time)", async () => {
    // The runner reaches a through a proxy (a takes requests named so).
    const toA = await freezableProxy();
    const a = await startHome("AA", { allowedHost: toA.host });
    toA.to(a.url);
    const b = await startHome("BB", { runnerTokenOf: a.home });
    const waiting = await b.queue("echo from-b");
    const { runner, log } = runnerFor(a.home, {
      serverUrl: [toA.url, b.url],
      token: a.runnerToken,
      callTimeoutMs: 1_000,
    });
    await runner.start();
    const first = await a.queue("echo from-a");
    expect(await a.waitForStatus(first.id, "succeeded")).toMatchObject({ exitCode: 0 });
    expect((await b.client.session.byId.query({ id: waiting.id })).status).toBe("queued");

    toA.freeze();
    expect(await b.waitForStatus(waiting.id, "succeeded")).toMatchObject({ exitCode: 0 });
    expect(runner.serverUrl).toBe(b.url);
    expect(log).toContain(`runner: ${toA.url} stopped answering (no answer within 1 s); trying ${b.url}`);
  });

  it("takes its event subscription along: after a move, events come from the new server", async () => {
    const a = await startHome("AA");
    const b = await startHome("BB", { runnerTokenOf: a.home });
    const pool = createServerPool([a.url, b.url], () => {});
    const { client, close } = createRunnerClient({ pool, token: a.runnerToken });
    cleanups.push(close);
    const seen = new Set<string>();
    let starts = 0;
    const subscription = client.session.onChanged.subscribe(
      {},
      { onData: ({ data }) => seen.add(data.entityId), onStarted: () => starts++ },
    );
    cleanups.push(() => subscription.unsubscribe());
    const until = async (what: string, isDone: () => boolean) => {
      for (const deadline = Date.now() + 10_000; !isDone();) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    // Events are live from the subscription's start (no earlier event id to resume from).
    await until("the subscription on a", () => starts === 1);
    const onA = await a.queue("echo on-a");
    await until("a's event", () => seen.has(onA.id));

    // a still runs: only the move can bring b's events.
    expect(pool.fail(0, "a test says so")).toBe(true);
    await until("the subscription on b", () => starts === 2);
    const onB = await b.queue("echo on-b");
    await until("b's event", () => seen.has(onB.id));
  });

  it("gives agents one address that reaches whichever server the runner works for, for API calls only", async () => {
    const a = await startHome("AA");
    const b = await startHome("BB");
    let current = a.url;
    const bridge = await openServerBridge(() => current);
    cleanups.push(() => bridge.close());
    const viaBridge = (token: string) =>
      createTRPCClient<AppRouter>({
        links: [httpLink({ url: `${bridge.url}/trpc`, headers: { authorization: `Bearer ${token}` } })],
      });
    const session = await a.queue("echo hi");
    // Each call carries its caller's own token: a's owner reads a's session, then b's owner b's project.
    expect((await viaBridge(a.ownerToken).session.byId.query({ id: session.id })).id).toBe(session.id);
    current = b.url;
    expect(await viaBridge(b.ownerToken).project.byId.query({ id: "BB" })).toMatchObject({ key: "BB" });
    expect((await fetch(`${bridge.url}/`)).status).toBe(404);
  });
});
