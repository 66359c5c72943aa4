// Two instances on one PostgreSQL database, both running their background work (runs in the
// postgres project only): each webhook delivery is sent by one of them, each task landed by one.
import { type IncomingMessage, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { acquireLease, listDueDeliveries, listLeases, listWebhookDeliveries, openPgStore } from "@maestro/db";
import { CreateProjectInput, CreateTaskInput, type MaestroEvent, type Task } from "@maestro/domain";
import { afterEach, describe, expect, it } from "vitest";
import { EventBus } from "../src/events";
import type { RunningServer, ServerOptions } from "../src/main";
import { createProject } from "../src/services/project/create-project";
import { createTask } from "../src/services/task/create-task";
import { freshDatabaseUrl } from "./engine";
import { finishInWorktree, git, makeLanderPool, makeRepo, serverContext, workInWorktree } from "./lander-world";
import { listAllEvents, ownerClient, waitFor } from "./live-server";

const pool = makeLanderPool();
const OWNER = "owner-token-of-the-whole-team-0123456789";
const RUNNERS = "runner-token-of-the-whole-team-012345678";
const receivers: Array<{ close(): void }> = [];
afterEach(() => receivers.splice(0).forEach((receiver) => receiver.close()));

async function instances(
  count: number,
  options: Partial<ServerOptions> = {},
  databaseUrl?: string,
): Promise<RunningServer[]> {
  databaseUrl ??= (await freshDatabaseUrl())!;
  const servers: RunningServer[] = [];
  for (let i = 0; i < count; i++) {
    servers.push(await pool.start({ databaseUrl, token: OWNER, runnerToken: RUNNERS, ...options }));
  }
  return servers;
}

/** A receiver answering 204 after `delayMs` (so sends overlap the other instance's scans); counts each delivery id. */
async function slowReceiver(delayMs: number) {
  const received = new Map<string, number>();
  const server = createServer((req: IncomingMessage, res) => {
    const id = String(req.headers["x-maestro-delivery"]);
    received.set(id, (received.get(id) ?? 0) + 1);
    req.resume();
    req.on("end", () => setTimeout(() => res.writeHead(204).end(), delayMs));
  });
  receivers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

describe("two instances on one PostgreSQL database, in the background", () => {
  it("send every webhook delivery exactly once between them", async () => {
    // Both scan their outbox every 20 ms: without claims each would send what the other sends.
    const [a, b] = await instances(2, { webhooks: { pollMs: 20 } });
    const clients = [ownerClient(a!), ownerClient(b!)];
    const project = await clients[0]!.project.create.mutate({ name: "Web", rootDir: pool.home(), key: "WEB" });
    const hook = await slowReceiver(150);
    await clients[1]!.webhook.set.mutate({ projectId: project.id, url: hook.url, notify: ["failed"] });
    const count = 24;
    for (let i = 0; i < count; i++) {
      const client = clients[i % 2]!;
      const task = await client.task.create.mutate({ projectId: project.id, title: `t${i}` });
      await client.task.update.mutate({ id: task.id, status: "failed" });
    }
    const deliveries = async () =>
      (await listWebhookDeliveries(a!.database.db, { projectId: project.id, limit: 1_000 })).items;
    await waitFor(
      "every delivery delivered",
      async () => (await deliveries()).filter((d) => d.status === "delivered").length === count,
      30_000,
    );
    const stored = await deliveries();
    expect(stored).toHaveLength(count);
    expect(stored.every((d) => d.attempts === 1)).toBe(true);
    // Each was POSTed once, whichever instance sent it.
    expect([...hook.received.keys()].sort()).toEqual(stored.map((d) => d.id).sort());
    expect([...hook.received.values()].every((times) => times === 1)).toBe(true);
  }, 60_000);

  it("land each queued task once, on the instance holding the project's lease", async () => {
    const [a, b] = await instances(2, { landing: { pollMs: 20 } });
    const repo = makeRepo();
    const client = ownerClient(b!);
    const project = await client.project.create.mutate({
      name: "Land",
      key: "LAND",
      rootDir: repo,
      settings: { worktreeMode: "per_task", landPolicy: "auto", landStrategy: "squash" },
    });
    const names = ["a", "b", "c", "d", "e"];
    const tasks: Task[] = [];
    for (const name of names) tasks.push(await client.task.create.mutate({ projectId: project.id, title: name }));
    const works = names.map((name, i) => workInWorktree(repo, `maestro/LAND-${i + 1}-1`, { [`${name}.txt`]: name }));
    // Queued through both instances: each lander hears of some of them first.
    for (const [i, task] of tasks.entries()) await finishInWorktree(i % 2 ? a! : b!, task, works[i]!);
    await waitFor(
      "every task done",
      async () => {
        const states = await Promise.all(tasks.map((task) => client.task.byId.query({ id: task.id })));
        return states.every((task) => task.status === "done");
      },
      30_000,
    );
    // One squashed commit per task on main, each task's file there once.
    expect(git(repo, ["rev-list", "--count", "main"])).toBe(String(1 + names.length));
    expect(git(repo, ["ls-tree", "--name-only", "main"]).split("\n").sort()).toEqual([
      "README.md",
      ...names.map((name) => `${name}.txt`),
    ]);
    // Each task said landed once, and the one who landed them held the project's lease.
    const landedEvents = (await listAllEvents(client)).filter(
      (event: MaestroEvent) =>
        event.kind === "task.updated" &&
        event.payload.changed.includes("landing") &&
        event.payload.task.landing.landState === "landed",
    );
    const landedIds = landedEvents.map((event) => (event.kind === "task.updated" ? event.payload.task.id : ""));
    expect(landedIds.sort()).toEqual(tasks.map((task) => task.id).sort());
    const lease = (await listLeases(a!.database.db)).find((l) => l.projectId === project.id);
    expect([a!.instanceId, b!.instanceId]).toContain(lease?.holder);
  }, 60_000);

  it("recover a landing a dead instance left half done once its lease lapses, and land the task once", async () => {
    const databaseUrl = (await freshDatabaseUrl())!;
    const repo = makeRepo();
    // What an instance killed mid-landing leaves: the task `landing` with the commit it meant to
    // write (never written), and its lease on the project, running for a few seconds more.
    const store = await openPgStore({ url: databaseUrl, maxConnections: 2 });
    const world = { database: store, events: new EventBus() };
    const ctx = serverContext(world);
    const settings = { worktreeMode: "per_task", landPolicy: "auto" } as const;
    const input = CreateProjectInput.parse({ name: "R", key: "LAND", rootDir: repo, settings });
    const project = await createProject({ ctx, input });
    const task = await createTask({ ctx, input: CreateTaskInput.parse({ projectId: project.id, title: "Add a.txt" }) });
    const work = workInWorktree(repo, "maestro/LAND-1-1", { "a.txt": "a\n" });
    const tree = git(repo, ["merge-tree", "--write-tree", "main", work.head]);
    const abandoned = git(repo, ["commit-tree", tree, "-p", "main", "-p", work.head, "-m", "LAND-1: Add a.txt"]);
    await finishInWorktree(world, task, work, { landState: "landing", landingCommit: abandoned });
    const dead = await store.transaction((tx) => acquireLease(tx, project.id, "dead-instance", new Date(), 3_000));
    expect(dead).toEqual({ epoch: 1 });
    await store.close();

    const [a, b] = await instances(2, { landing: { pollMs: 20 } }, databaseUrl);
    const client = ownerClient(a!);
    await waitFor(
      "the task landed",
      async () => (await client.task.byId.query({ id: task.id })).status === "done",
      30_000,
    );
    const done = await client.task.byId.query({ id: task.id });
    expect(done.landing).toMatchObject({ landState: "landed", landingCommit: null });
    expect(done.landing.landedCommit).toBe(git(repo, ["rev-parse", "main"]));
    expect(done.landing.landedCommit, "the abandoned commit was never written").not.toBe(abandoned);
    expect(git(repo, ["rev-list", "--count", "--merges", "main"])).toBe("1");
    // Queued again once (by whoever took the project over), landed once.
    const events = (await listAllEvents(client)).filter(
      (event: MaestroEvent) => event.kind === "task.updated" && event.payload.changed.includes("landing"),
    );
    const states = events.map((event) => (event.kind === "task.updated" ? event.payload.task.landing.landState : ""));
    expect(states.filter((state) => state === "landed")).toHaveLength(1);
    expect(states.filter((state) => state === "queued")).toHaveLength(1);
    const lease = (await listLeases(a!.database.db)).find((l) => l.projectId === project.id)!;
    expect([a!.instanceId, b!.instanceId]).toContain(lease.holder);
    expect(lease.epoch).toBeGreaterThan(1);
  }, 60_000);

  it("a stopping instance gives its claim back unsent, and the next instance sends it", async () => {
    const databaseUrl = (await freshDatabaseUrl())!;
    // The first request is never answered (until the receiver closes); later ones are at once.
    const received: string[] = [];
    const hanging = createServer((req, res) => {
      received.push(String(req.headers["x-maestro-delivery"]));
      req.resume();
      if (received.length > 1) req.on("end", () => res.writeHead(204).end());
    });
    receivers.push({ close: () => hanging.closeAllConnections() });
    receivers.push(hanging);
    await new Promise<void>((resolve) => hanging.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/hook`;

    const [a] = await instances(1, { webhooks: { pollMs: 20, timeoutMs: 60_000 } }, databaseUrl);
    const client = ownerClient(a!);
    const project = await client.project.create.mutate({ name: "Web", rootDir: pool.home(), key: "WEB" });
    await client.webhook.set.mutate({ projectId: project.id, url, notify: ["failed"] });
    const task = await client.task.create.mutate({ projectId: project.id, title: "t" });
    await client.task.update.mutate({ id: task.id, status: "failed" });
    await waitFor("the first send", () => received.length === 1, 10_000);
    const db = a!.database.db;
    const isDue = async () => (await listDueDeliveries(db, { now: new Date(), perProject: 9, limit: 9 })).length;
    // Claimed while it is sent: not due for another instance.
    expect(await isDue()).toBe(0);
    const store = await openPgStore({ url: databaseUrl, maxConnections: 1 });
    try {
      await a!.close();
      expect(await listDueDeliveries(store.db, { now: new Date(), perProject: 9, limit: 9 })).toMatchObject([
        { id: received[0], attempts: 0 },
      ]);
    } finally {
      await store.close();
    }
    const [b] = await instances(1, { webhooks: { pollMs: 20 } }, databaseUrl);
    const items = async () => (await listWebhookDeliveries(b!.database.db, { projectId: project.id, limit: 9 })).items;
    await waitFor("delivered by the next instance", async () => (await items())[0]?.status === "delivered", 10_000);
    expect(await items()).toMatchObject([{ id: received[0], attempts: 1, lastStatusCode: 204 }]);
    expect(received).toEqual([received[0], received[0]]);
  }, 60_000);
});
