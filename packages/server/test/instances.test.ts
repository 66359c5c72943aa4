// Several `maestro serve` instances on one PostgreSQL database (runs in the postgres project only).
import { hostname } from "node:os";
import { listLeases, openPgStore } from "@maestro/db";
import type { LogChunk, MaestroEvent } from "@maestro/domain";
import { createTRPCClient, createWSClient, httpLink, wsLink } from "@trpc/client";
import { afterEach, describe, expect, it } from "vitest";
import type { RunningServer } from "../src/main";
import type { AppRouter } from "../src/routers/app";
import { freshDatabaseUrl } from "./engine";
import { NodeWebSocket, listAllEvents, ownerClient, useServerPool, waitFor } from "./live-server";

const pool = useServerPool();
const OWNER = "owner-token-of-the-whole-team-0123456789";
const RUNNERS = "runner-token-of-the-whole-team-012345678";
const teardowns: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const teardown of teardowns.splice(0).reverse()) await teardown();
});

async function instances(count: number, options: { schedulerIntervalMs?: number } = {}) {
  const databaseUrl = (await freshDatabaseUrl())!;
  const servers: RunningServer[] = [];
  for (let i = 0; i < count; i++) {
    servers.push(await pool.start({ databaseUrl, token: OWNER, runnerToken: RUNNERS, ...options }));
  }
  return { databaseUrl, servers };
}

/** A tRPC WebSocket client of `server`, closed after the test. */
function wsClientOf(server: RunningServer) {
  const client = createWSClient({
    url: `${server.url.replace("http", "ws")}/trpc`,
    WebSocket: NodeWebSocket,
    retryDelayMs: () => 5,
    connectionParams: { token: OWNER },
  });
  teardowns.push(() => client.close());
  return createTRPCClient<AppRouter>({ links: [wsLink({ client })] });
}

function followEvents(server: RunningServer, input: { lastEventId?: string } = {}) {
  const received: Array<{ id: string; event: MaestroEvent }> = [];
  const subscription = wsClientOf(server).event.onEvent.subscribe(input, {
    onData: ({ id, data }) => received.push({ id, event: data }),
  });
  teardowns.push(async () => subscription.unsubscribe());
  return { received, stop: () => subscription.unsubscribe() };
}

describe("two instances on one PostgreSQL database", () => {
  it("an event committed through one reaches a subscriber of the other, in order, and resumes there by id", async () => {
    const {
      servers: [a, b],
    } = await instances(2);
    const onB = followEvents(b!);
    const [httpA, httpB] = [ownerClient(a!), ownerClient(b!)];
    const project = await httpA.project.create.mutate({ name: "Web", rootDir: "/tmp/web", key: "WEB" });
    for (let i = 0; i < 6; i++) {
      await (i % 2 ? httpB : httpA).task.create.mutate({ projectId: project.id, title: `t${i}` });
    }
    const stored = await listAllEvents(httpA);
    await waitFor("every event on instance b", () => onB.received.length >= stored.length, 10_000);
    expect(onB.received.map((r) => r.id)).toEqual(stored.map((e) => e.id));
    expect(onB.received.map((r) => r.event)).toEqual(stored);

    // Resumed on the other instance from the last id it had: exactly what came after.
    onB.stop();
    const last = onB.received.at(-1)!.id;
    await httpB.task.create.mutate({ projectId: project.id, title: "after" });
    const onA = followEvents(a!, { lastEventId: last });
    const all = await listAllEvents(httpB);
    await waitFor("the missed events on instance a", () => onA.received.length >= all.length - stored.length, 10_000);
    expect(onA.received.map((r) => r.id)).toEqual(all.slice(stored.length).map((e) => e.id));
  }, 60_000);

  it("writes through both at once lose nothing: task numbers are unique and every event is stored once", async () => {
    const {
      servers: [a, b],
    } = await instances(2);
    const clients = [ownerClient(a!), ownerClient(b!)];
    const project = await clients[0]!.project.create.mutate({ name: "Web", rootDir: "/tmp/web", key: "WEB" });
    const created = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        clients[i % 2]!.task.create.mutate({ projectId: project.id, title: `t${i}` }),
      ),
    );
    const keys = created.map((task) => task.key).sort((x, y) => Number(x.split("-")[1]) - Number(y.split("-")[1]));
    expect(keys).toEqual(Array.from({ length: 40 }, (_, i) => `WEB-${i + 1}`));
    const events = await listAllEvents(clients[1]!);
    const ids = events.map((e) => Number(e.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(events.filter((e) => e.kind === "task.created")).toHaveLength(40);
  }, 60_000);

  it("a session's output stored through one instance streams live to a follower on the other", async () => {
    const {
      servers: [a, b],
    } = await instances(2);
    const httpA = ownerClient(a!);
    await httpA.agent.add.mutate({ name: "script", adapter: "custom", command: ["/bin/echo", "{promptFile}"] });
    const rootDir = pool.home();
    const project = await httpA.project.create.mutate({ name: "Web", rootDir, key: "WEB" });
    const task = await httpA.task.create.mutate({ projectId: project.id, title: "log me" });
    const session = await httpA.session.start.mutate({ taskIds: [task.id], agent: "script" });
    // A runner claims it through instance b and reports its output there.
    const runnerB = createTRPCClient<AppRouter>({
      links: [
        (await import("@trpc/client")).httpLink({
          url: `${b!.url}/trpc`,
          headers: { authorization: `Bearer ${RUNNERS}` },
        }),
      ],
    });
    const claim = (await runnerB.runner.claim.mutate({ runnerId: "runner-b" }))!;
    expect(claim.session.id).toBe(session.id);
    const held = { sessionId: session.id, lease: claim.lease };
    await runnerB.runner.started.mutate({ ...held, pid: 4242, cwd: "/tmp", worktreePath: null, branch: null });

    const chunks: LogChunk[] = [];
    const subscription = wsClientOf(a!).session.onLog.subscribe(
      { id: session.id },
      { onData: ({ data }) => chunks.push(...(data as LogChunk[])) },
    );
    teardowns.push(async () => subscription.unsubscribe());
    const lines = (from: number) =>
      Array.from({ length: 5 }, (_, i) => ({ stream: "stdout" as const, text: `line ${from + i}\n` }));
    await runnerB.runner.log.mutate({ ...held, chunks: lines(0) });
    await waitFor("the first lines on instance a", () => chunks.length >= 5, 10_000);
    await runnerB.runner.log.mutate({ ...held, chunks: lines(5) });
    await waitFor("the next lines on instance a", () => chunks.length >= 10, 10_000);
    expect(chunks.map((c) => c.text)).toEqual([...lines(0), ...lines(5)].map((c) => c.text));
    expect(chunks.map((c) => c.seq)).toEqual(chunks.map((_, i) => i + 1));
  }, 60_000);

  it("one instance schedules a project at a time, and the other takes over when it stops", async () => {
    const {
      databaseUrl,
      servers: [a, b],
    } = await instances(2);
    const httpA = ownerClient(a!);
    const project = await httpA.project.create.mutate({ name: "Web", rootDir: "/tmp/web", key: "WEB" });
    await httpA.autopilot.start.mutate({ projectId: project.id });
    const store = await openPgStore({ url: databaseUrl, maxConnections: 1 });
    teardowns.push(() => store.close());
    const holderOf = async () => (await listLeases(store.db)).find((lease) => lease.projectId === project.id);
    await waitFor("a lease on the project", async () => (await holderOf()) !== undefined, 10_000);
    const first = (await holderOf())!;
    const [holder, other] = first.holder === a!.instanceId ? [a!, b!] : [b!, a!];
    expect(holder.instanceId).toBe(first.holder);
    // Stopping hands the lease over at once; the other takes it on its next pass (every 2 s).
    await holder.close();
    await waitFor(
      "the other instance to take the lease",
      async () => {
        const lease = await holderOf();
        return lease?.holder === other.instanceId && lease.epoch > first.epoch;
      },
      15_000,
    );
  }, 60_000);

  it("a starting instance ends nothing of the others: claimed sessions wait one lease for their runners", async () => {
    const {
      databaseUrl,
      servers: [a],
    } = await instances(1);
    const http = ownerClient(a!);
    await http.agent.add.mutate({ name: "script", adapter: "custom", command: ["/bin/echo", "{promptFile}"] });
    const project = await http.project.create.mutate({ name: "Web", rootDir: pool.home(), key: "WEB" });
    const runners = createTRPCClient<AppRouter>({
      links: [httpLink({ url: `${a!.url}/trpc`, headers: { authorization: `Bearer ${RUNNERS}` } })],
    });
    const task = await http.task.create.mutate({ projectId: project.id, title: "running on a" });
    const session = await http.session.start.mutate({ taskIds: [task.id], agent: "script" });
    // Instance a's embedded runner has it (serve:<host>:<pid>, as serve names its runner).
    const claim = (await runners.runner.claim.mutate({ runnerId: `serve:${hostname()}:${process.pid}` }))!;
    const held = { sessionId: session.id, lease: claim.lease };
    await runners.runner.started.mutate({ ...held, pid: 4242, cwd: "/tmp", worktreePath: null, branch: null });
    await pool.start({ databaseUrl, token: OWNER, runnerToken: RUNNERS });
    expect(await http.session.byId.query({ id: session.id })).toMatchObject({ status: "running", endReason: null });
    // Its runner carries on through either instance.
    await runners.runner.finish.mutate({ ...held, exitCode: 0, signal: null, error: null });
    expect(await http.session.byId.query({ id: session.id })).toMatchObject({ status: "succeeded" });
  }, 60_000);
});
