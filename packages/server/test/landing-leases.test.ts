// Landing under the project's scheduler lease with two instances on one PostgreSQL database (runs
// in the postgres project only): `task land` received by an instance that does not hold the lease
// is landed by the one that does, and a landing whose lease was taken over never moves the ref.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Db, acquireLease, listEvents, listLeases, openPgStore, releaseLease } from "@maestro/db";
import { CreateProjectInput, CreateTaskInput, type MaestroEvent } from "@maestro/domain";
import { afterEach, describe, expect, it } from "vitest";
import { createContextInner } from "../src/context";
import { EventBus } from "../src/events";
import type { RunningServer } from "../src/main";
import { ProjectLeases } from "../src/services/autopilot/project-leases";
import { type Lander, startLander } from "../src/services/landing/lander";
import { LandingLeases } from "../src/services/landing/landing-leases";
import { createProject } from "../src/services/project/create-project";
import { Dispatcher } from "../src/services/runner/dispatcher";
import { createTask } from "../src/services/task/create-task";
import { freshDatabaseUrl } from "./engine";
import { finishInWorktree, git, makeLanderPool, makeRepo, waitFor, workInWorktree } from "./lander-world";
import { ownerClient } from "./live-server";

const pool = makeLanderPool();
const OWNER = "owner-token-of-the-whole-team-0123456789";
const RUNNERS = "runner-token-of-the-whole-team-012345678";
const teardowns: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const teardown of teardowns.splice(0).reverse()) await teardown();
});

async function twoInstances(): Promise<[RunningServer, RunningServer]> {
  const databaseUrl = (await freshDatabaseUrl())!;
  const start = () => pool.start({ databaseUrl, token: OWNER, runnerToken: RUNNERS, landing: { pollMs: 20 } });
  return [await start(), await start()];
}

/** A manual project on a fresh repository, and one approved task whose branch adds `files` (not queued). */
async function approvedTask(server: RunningServer, files: Record<string, string>) {
  const repo = makeRepo();
  const client = ownerClient(server);
  const project = await client.project.create.mutate({
    name: "Land",
    key: "LAND",
    rootDir: repo,
    settings: { worktreeMode: "per_task", landPolicy: "manual" },
  });
  const task = await client.task.create.mutate({ projectId: project.id, title: "Add files" });
  const work = workInWorktree(repo, "maestro/LAND-1-1", files);
  await finishInWorktree(server, task, work, { landState: "none", reviewState: "approved" });
  return { repo, project, task };
}

/** Who wrote each change of the task's landing state, in order: `<actor> <landState>`. */
async function landingWrites(db: Db, taskId: string): Promise<string[]> {
  const events = await listEvents(db, { entityId: taskId, kinds: ["task.updated"], limit: 1_000 });
  return events
    .filter((event) => event.kind === "task.updated" && event.payload.changed.includes("landing"))
    .map(
      (event: MaestroEvent) =>
        `${event.actor} ${event.kind === "task.updated" && event.payload.task.landing.landState}`,
    );
}

describe("task land with two instances on one PostgreSQL database", () => {
  it("on the instance without the project's lease, queues the task for the holder's lander and answers once it landed", async () => {
    const [a, b] = await twoInstances();
    const { repo, project, task } = await approvedTask(a, { "a.txt": "a\n" });
    // Instance a holds the project's lease (as its lander or scheduler would have taken it).
    expect(
      await a.database.transaction((tx) => acquireLease(tx, project.id, a.instanceId, new Date(), 10_000)),
    ).toEqual({ epoch: 1 });

    const landed = await ownerClient(b).task.land.mutate({ id: task.id });
    expect(landed).toMatchObject({ status: "done", landing: { landState: "landed", landingCommit: null } });
    expect(landed.landing.landedCommit).toBe(git(repo, ["rev-parse", "main"]));
    // b only queued it (as the owner asked); a's lander landed it, under a's lease, which b never took.
    expect(await landingWrites(a.database.db, task.id)).toEqual([
      "test none",
      "owner queued",
      "lander landing",
      "lander landed",
    ]);
    expect((await listLeases(a.database.db)).find((lease) => lease.projectId === project.id)).toMatchObject({
      holder: a.instanceId,
      epoch: 1,
    });
  }, 60_000);

  it("on an instance where nobody holds the lease, takes it and lands there itself", async () => {
    const [, b] = await twoInstances();
    const { repo, project, task } = await approvedTask(b, { "a.txt": "a\n" });
    const landed = await ownerClient(b).task.land.mutate({ id: task.id });
    expect(landed.landing.landedCommit).toBe(git(repo, ["rev-parse", "main"]));
    // Landed once, under b's first term (the intent is written only under the lease): by b's
    // `task land` or by b's lander, which its queuing woke.
    const writes = await landingWrites(b.database.db, task.id);
    expect(writes.filter((write) => write.endsWith(" landed"))).toHaveLength(1);
    expect((await listLeases(b.database.db)).find((lease) => lease.projectId === project.id)).toMatchObject({
      holder: b.instanceId,
      epoch: 1,
    });
  }, 60_000);

  it("handed over, answers with the holder's outcome: a conflict names its files", async () => {
    const [a, b] = await twoInstances();
    const { repo, project, task } = await approvedTask(a, { "README.md": "theirs\n" });
    // main changes the same line meanwhile.
    writeFileSync(join(repo, "README.md"), "ours\n");
    git(repo, ["commit", "-q", "-am", "ours"]);
    await a.database.transaction((tx) => acquireLease(tx, project.id, a.instanceId, new Date(), 10_000));

    await expect(ownerClient(b).task.land.mutate({ id: task.id })).rejects.toThrow(
      /LAND-1 conflicts with its target branch in README\.md/,
    );
    expect((await landingWrites(a.database.db, task.id)).slice(1)).toEqual(["owner queued", "lander conflict"]);
  }, 60_000);
});

/** An instance made by hand (store, bus, lander) whose leases a test can freeze and whose fence it can stall. */
class StallingLeases extends LandingLeases {
  /** Runs once, inside the intent's transaction, before the fence reads the lease. */
  stall: (() => Promise<void>) | null = null;
  /** What the fence answered, each time. */
  readonly answers: boolean[] = [];

  protected override async holdsTerm(tx: Db, projectId: string, epoch: number): Promise<boolean> {
    const stall = this.stall;
    this.stall = null;
    if (stall) await stall();
    const answer = await super.holdsTerm(tx, projectId, epoch);
    this.answers.push(answer);
    return answer;
  }
}

/** Its renewals stop while frozen: a stalled instance renews nothing. */
class FreezableLeases extends ProjectLeases {
  isFrozen = false;

  override async take(projectId: string, now: number): Promise<boolean> {
    return this.isFrozen ? false : await super.take(projectId, now);
  }
}

async function handMadeInstance(url: string, name: string) {
  const store = await openPgStore({ url, maxConnections: 4 });
  const events = new EventBus();
  const projectLeases = new FreezableLeases(store, name);
  const leases = new StallingLeases(projectLeases, () => {});
  const ctx = createContextInner({ database: store, events, dispatcher: new Dispatcher(events), actor: name });
  let lander: Lander | null = null;
  const instance = {
    store,
    ctx,
    projectLeases,
    leases,
    startLander: () => (lander = startLander(ctx, { log: () => {}, leases, pollMs: 20 })),
  };
  teardowns.push(async () => {
    await lander?.stop();
    await store.close();
  });
  return instance;
}

describe("a landing whose lease is taken over before the ref moves", () => {
  it("writes nothing and leaves the ref alone; the new holder lands the task once", async () => {
    const url = (await freshDatabaseUrl())!;
    const [a, b] = [await handMadeInstance(url, "lander-a"), await handMadeInstance(url, "lander-b")];
    const repo = makeRepo();
    const settings = { worktreeMode: "per_task", landPolicy: "auto" } as const;
    const input = CreateProjectInput.parse({ name: "R", key: "LAND", rootDir: repo, settings });
    const project = await createProject({ ctx: a.ctx, input });
    const created = await createTask({
      ctx: a.ctx,
      input: CreateTaskInput.parse({ projectId: project.id, title: "A" }),
    });
    const work = workInWorktree(repo, "maestro/LAND-1-1", { "a.txt": "a\n" });
    const tipBefore = git(repo, ["rev-parse", "main"]);

    // a merged and is about to record its intent: it stalls past its term, b takes the project over and lands it.
    const writesOfB = () => landingWrites(b.store.db, created.id);
    a.leases.stall = async () => {
      a.projectLeases.isFrozen = true;
      const epoch = a.projectLeases.epochOf(project.id)!;
      await b.store.transaction((tx) => releaseLease(tx, project.id, "lander-a", epoch));
      b.startLander();
      await waitFor(writesOfB, (writes) => writes.includes("lander-b landed"), 30_000);
    };
    a.startLander();
    await finishInWorktree({ database: a.store, events: a.ctx.events }, created, work, { landState: "queued" });
    await waitFor(
      () => a.leases.answers,
      (answers) => answers.length > 0,
      30_000,
    );
    expect(a.leases.answers).toEqual([false]);

    const writes = await landingWrites(b.store.db, created.id);
    expect(writes.filter((write) => write.startsWith("lander-a"))).toEqual([]);
    expect(writes.filter((write) => write.endsWith(" landed"))).toEqual(["lander-b landed"]);
    // The target moved once, from where it was, to b's merge.
    const moves = git(repo, ["reflog", "--format=%gs", "refs/heads/main"]).split("\n");
    expect(moves.filter((move) => move.startsWith("maestro: land"))).toEqual(["maestro: land LAND-1"]);
    expect(git(repo, ["rev-parse", "main^1"])).toBe(tipBefore);
    expect(git(repo, ["rev-list", "--count", "--merges", "main"])).toBe("1");
    expect((await listLeases(b.store.db)).find((lease) => lease.projectId === project.id)).toMatchObject({
      holder: "lander-b",
      epoch: 2,
    });
  }, 60_000);
});
