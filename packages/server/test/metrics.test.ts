import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createTRPCClient, createWSClient, wsLink } from "@trpc/client";
import { describe, expect, it } from "vitest";
import type { RunningServer } from "../src/main";
import { mayReadMetrics } from "../src/observe/metrics-endpoint";
import type { AppRouter } from "../src/routers/app";
import { NodeWebSocket, makeHttpClient, ownerClient, rawRequest, useServerPool, waitFor } from "./live-server";

// Issue 16 ("See it"): /metrics in the Prometheus text format, for the owner only, over real HTTP.

const pool = useServerPool();
const TIMEOUT = 30_000;

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * A strict reader of the text exposition format (0.0.4): every line is a comment (HELP, TYPE) or
 * a sample of a family declared by a TYPE line before it; anything else fails the test.
 */
function parseExposition(text: string): { types: Map<string, string>; samples: Sample[] } {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const type = /^# TYPE ([a-zA-Z_:][\w:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      types.set(type[1]!, type[2]!);
      continue;
    }
    if (/^# HELP [a-zA-Z_:][\w:]* .*$/.test(line)) continue;
    const sample = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (-?(?:\d+(?:\.\d+)?(?:e[+-]?\d+)?|NaN|[+-]Inf))$/i.exec(line);
    if (!sample) throw new Error(`not a line of the exposition format: ${line}`);
    const name = sample[1]!;
    const family = name.replace(/_(bucket|sum|count|total|created)$/, "");
    if (!types.has(name) && !types.has(family)) throw new Error(`a sample of no declared family: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (sample[2] ?? "").matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1]!] = pair[2]!;
    samples.push({ name, labels, value: Number(sample[3]) });
  }
  return { types, samples };
}

async function scrape(server: RunningServer) {
  const response = await rawRequest({
    port: server.port,
    path: "/metrics",
    headers: { host: `127.0.0.1:${server.port}`, authorization: `Bearer ${server.token}` },
  });
  expect(response.status).toBe(200);
  expect(response.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseExposition(response.body);
}

/** The value of one sample (0 when the series has not appeared yet). */
function valueOf(parsed: { samples: Sample[] }, name: string, labels: Record<string, string> = {}): number {
  const found = parsed.samples.find(
    (sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
  );
  return found?.value ?? 0;
}

async function metricsStatus(server: RunningServer, token?: string): Promise<number> {
  const headers: Record<string, string> = { host: `127.0.0.1:${server.port}` };
  if (token) headers.authorization = `Bearer ${token}`;
  return (await rawRequest({ port: server.port, path: "/metrics", headers })).status;
}

/** A project with an agent that can be launched (`/bin/echo`), and tasks for it. */
async function seed(server: RunningServer, key: string, tasks: number, concurrencyLimit = 8) {
  const owner = ownerClient(server);
  await owner.project.create.mutate({ name: key, rootDir: "/tmp", key });
  await owner.project.update.mutate({ id: key, settings: { concurrencyLimit } });
  await owner.agent.add.mutate({
    name: `echo-${key.toLowerCase()}`,
    adapter: "custom",
    command: ["/bin/echo", "{promptFile}"],
  });
  const created = [];
  for (let i = 0; i < tasks; i++) {
    created.push(
      await owner.task.create.mutate({ projectId: key, title: `Task ${i + 1}`, agent: `echo-${key.toLowerCase()}` }),
    );
  }
  return { owner, tasks: created };
}

/** Answers webhook POSTs with the statuses given, in turn (the last one from then on). */
async function startReceiver(statuses: number[]): Promise<{ url: string; hits: () => number; close(): Promise<void> }> {
  let hits = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    const status = statuses[Math.min(hits, statuses.length - 1)]!;
    hits += 1;
    res.writeHead(status).end("ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    hits: () => hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("/metrics", () => {
  it(
    "answers 401 without a valid token, 403 to runners and agents, and the owner gets the text format",
    async () => {
      const server = await pool.start();
      expect(await metricsStatus(server)).toBe(401);
      expect(await metricsStatus(server, "not-the-token-at-all")).toBe(401);
      expect(await metricsStatus(server, server.runnerToken)).toBe(403);
      const { owner } = await seed(server, "AUTH", 1);
      await owner.session.start.mutate({ taskIds: ["AUTH-1"] });
      const runner = makeHttpClient(server.url, { token: server.runnerToken });
      const claim = (await runner.runner.claim.mutate({ runnerId: "r1" }))!;
      expect(await metricsStatus(server, claim.token)).toBe(403);
      expect(await metricsStatus(server, server.token)).toBe(200);
      // Named tokens: an admin may read them, a member or viewer may not.
      for (const role of ["admin", "member", "viewer"] as const) {
        const { token } = await owner.token.create.mutate({ name: `metrics-${role}`, role });
        expect(await metricsStatus(server, token), role).toBe(role === "admin" ? 200 : 403);
      }
      // The Host check comes first, as for every request.
      const foreign = await rawRequest({
        port: server.port,
        path: "/metrics",
        headers: { host: "evil.example", authorization: `Bearer ${server.token}` },
      });
      expect(foreign.status).toBe(403);
      const parsed = await scrape(server);
      expect(parsed.types.get("maestro_sessions")).toBe("gauge");
      expect(parsed.types.get("maestro_session_claim_latency_seconds")).toBe("histogram");
      expect(parsed.types.get("process_cpu_seconds_total")).toBe("counter");
      expect(parsed.types.get("process_resident_memory_bytes")).toBe("gauge");
    },
    TIMEOUT,
  );

  it("lets the owner and admins read metrics and refuses everyone else (the one rule)", () => {
    expect(mayReadMetrics({ kind: "owner" })).toBe(true);
    const person = { kind: "person", tokenId: "t", name: "ana" } as const;
    expect(mayReadMetrics({ ...person, role: "admin" })).toBe(true);
    expect(mayReadMetrics({ ...person, role: "member" })).toBe(false);
    expect(mayReadMetrics({ kind: "runner" })).toBe(false);
    expect(mayReadMetrics({ kind: "agent", sessionId: "s", projectId: "p", taskIds: [] })).toBe(false);
  });

  it(
    "counts requests by procedure and status, transactions, and sessions by status as they change",
    async () => {
      const server = await pool.start();
      const before = await scrape(server);
      const { owner } = await seed(server, "WEB", 3);
      await owner.task.byId.query({ id: "WEB-404" }).catch(() => undefined);
      await rawRequest({
        port: server.port,
        path: "/trpc/no.such.procedure",
        headers: { host: `127.0.0.1:${server.port}` },
      });
      const after = await scrape(server);
      const created = { procedure: "task.create", status: "200" };
      expect(valueOf(after, "maestro_http_requests_total", created)).toBe(
        valueOf(before, "maestro_http_requests_total", created) + 3,
      );
      expect(valueOf(after, "maestro_http_requests_total", { procedure: "task.byId", status: "404" })).toBe(1);
      // A path naming no procedure is counted, but never as a label of its own.
      expect(valueOf(after, "maestro_http_requests_total", { procedure: "unknown" })).toBeGreaterThanOrEqual(1);
      expect(after.samples.some((s) => s.labels.procedure === "no.such.procedure")).toBe(false);
      const commits = (parsed: { samples: Sample[] }) =>
        valueOf(parsed, "maestro_db_transaction_seconds_count", { outcome: "commit" });
      expect(commits(after)).toBeGreaterThanOrEqual(commits(before) + 5);

      expect(valueOf(after, "maestro_sessions", { status: "queued" })).toBe(0);
      await owner.session.start.mutate({ taskIds: ["WEB-1"] });
      await owner.session.start.mutate({ taskIds: ["WEB-2"] });
      const queued = await scrape(server);
      expect(valueOf(queued, "maestro_sessions", { status: "queued" })).toBe(2);
      expect(valueOf(queued, "maestro_sessions", { status: "running" })).toBe(0);

      const runner = makeHttpClient(server.url, { token: server.runnerToken });
      const claim = (await runner.runner.claim.mutate({ runnerId: "r1" }))!;
      await runner.runner.started.mutate({
        sessionId: claim.session.id,
        lease: claim.lease,
        pid: 999_999,
        cwd: "/tmp",
        worktreePath: null,
        branch: null,
      });
      const started = await scrape(server);
      expect(valueOf(started, "maestro_sessions", { status: "queued" })).toBe(1);
      expect(valueOf(started, "maestro_sessions", { status: "running" })).toBe(1);
      expect(valueOf(started, "maestro_session_claim_latency_seconds_count")).toBe(1);
      expect(valueOf(started, "maestro_session_spawn_latency_seconds_count")).toBe(1);
      expect(valueOf(started, "maestro_session_spawn_latency_seconds_bucket", { le: "+Inf" })).toBe(1);
    },
    TIMEOUT,
  );

  it(
    "measures event fan-out to a WebSocket subscriber",
    async () => {
      const server = await pool.start();
      const { owner } = await seed(server, "FAN", 0);
      const wsClient = createWSClient({
        url: `${server.url.replace(/^http/, "ws")}/trpc`,
        WebSocket: NodeWebSocket,
        connectionParams: { token: server.token },
      });
      const received: string[] = [];
      let isStarted = false;
      const subscription = createTRPCClient<AppRouter>({
        links: [wsLink({ client: wsClient })],
      }).event.onEvent.subscribe(
        { projectId: "FAN" },
        { onStarted: () => (isStarted = true), onData: ({ data }) => received.push(data.kind) },
      );
      try {
        await waitFor("the subscription to start", () => isStarted, 10_000);
        const before = valueOf(await scrape(server), "maestro_event_fanout_lag_seconds_count");
        await owner.task.create.mutate({ projectId: "FAN", title: "Watched" });
        await owner.task.create.mutate({ projectId: "FAN", title: "Watched too" });
        await waitFor("both events", () => received.filter((kind) => kind === "task.created").length === 2, 10_000);
        const after = valueOf(await scrape(server), "maestro_event_fanout_lag_seconds_count");
        expect(after - before).toBeGreaterThanOrEqual(2);
      } finally {
        subscription.unsubscribe();
        await wsClient.close();
      }
    },
    TIMEOUT,
  );

  it(
    "counts webhook deliveries by outcome",
    async () => {
      const receiver = await startReceiver([500, 200]);
      try {
        const server = await pool.start({ webhooks: { pollMs: 50, timeoutMs: 2_000, backoffMs: () => 50 } });
        const { owner, tasks } = await seed(server, "HOOK", 1);
        await owner.webhook.set.mutate({ projectId: "HOOK", url: receiver.url, secret: "hook-secret-0123456789" });
        await owner.task.update.mutate({ id: tasks[0]!.id, status: "failed" });
        await waitFor(
          "a retry, then a delivery",
          async () => valueOf(await scrape(server), "maestro_webhook_deliveries_total", { outcome: "delivered" }) === 1,
          15_000,
        );
        const parsed = await scrape(server);
        expect(valueOf(parsed, "maestro_webhook_deliveries_total", { outcome: "retry" })).toBe(1);
        expect(receiver.hits()).toBe(2);
      } finally {
        await receiver.close();
      }
    },
    TIMEOUT,
  );

  it(
    "reports autopilot's queue: ready tasks held back for a slot, per project",
    async () => {
      const server = await pool.start();
      const { owner } = await seed(server, "QUE", 3, 1);
      await owner.autopilot.start.mutate({ projectId: "QUE" });
      // One session holds the project's one slot (no runner claims it here); two tasks wait.
      await waitFor(
        "the queue to show",
        async () => valueOf(await scrape(server), "maestro_queue_depth", { project: "QUE" }) === 2,
        15_000,
      );
      // The gauge is set in the pass's transaction; the session is counted once it has committed.
      await waitFor(
        "the queued session to count",
        async () => valueOf(await scrape(server), "maestro_sessions", { status: "queued" }) === 1,
        15_000,
      );
      await owner.autopilot.pause.mutate({ projectId: "QUE" });
      await waitFor(
        "the paused project's queue to go",
        async () => !(await scrape(server)).samples.some((s) => s.labels.project === "QUE"),
        15_000,
      );
    },
    TIMEOUT,
  );
});
