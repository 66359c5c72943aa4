// Two instances on one PostgreSQL database, both running their background work (runs in the
// postgres project only): each webhook delivery is sent by one of them, each task landed by one.
import { type IncomingMessage, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { listLeases, listWebhookDeliveries } from "@maestro/db";
import type { MaestroEvent, Task } from "@maestro/domain";
import { afterEach, describe, expect, it } from "vitest";
import type { RunningServer, ServerOptions } from "../src/main";
import { freshDatabaseUrl } from "./engine";
import { finishInWorktree, git, makeLanderPool, makeRepo, workInWorktree } from "./lander-world";
import { listAllEvents, ownerClient, waitFor } from "./live-server";

const pool = makeLanderPool();
const OWNER = "owner-token-of-the-whole-team-0123456789";
const RUNNERS = "runner-token-of-the-whole-team-012345678";
const receivers: Array<{ close(): void }> = [];
afterEach(() => receivers.splice(0).forEach((receiver) => receiver.close()));

async function instances(count: number, options: Partial<ServerOptions> = {}): Promise<RunningServer[]> {
  const databaseUrl = (await freshDatabaseUrl())!;
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
});
