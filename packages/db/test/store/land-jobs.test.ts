import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  claimLandJob,
  deleteLandJob,
  deleteLandJobsOfProject,
  findClaimableLandJob,
  findLandJobForWrite,
  findTaskDiff,
  listLandJobs,
  queueLandJob,
  renewLandJob,
  saveTaskDiff,
} from "../../src/index";
import type { Engine, Store } from "../../src/store/store";
import { ENGINES, useStores } from "./engines";
import { insertProject, insertTaskRow, tick } from "./rows";

const stores = useStores();
const TTL = 60_000;
const T0 = new Date("2026-12-05T12:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);

/** Projects p (tasks p1–p3) and q (task q1). */
async function seeded(engine: Engine, options?: { maxConnections?: number }): Promise<Store> {
  const store = await stores.open(engine, options);
  await store.transaction(async (tx) => {
    await insertProject(tx, "p");
    await insertProject(tx, "q");
    for (const n of [1, 2, 3]) await insertTaskRow(tx, "p", `p${n}`, n);
    await insertTaskRow(tx, "q", "q1", 1);
  });
  return store;
}

function queue(store: Store, taskId: string, ms: number) {
  return store.transaction((tx) => queueLandJob(tx, { taskId, projectId: taskId.slice(0, 1) }, at(ms)));
}

function claim(store: Store, runnerId: string, ms: number) {
  return store.transaction((tx) => claimLandJob(tx, { runnerId, now: at(ms), ttlMs: TTL }));
}

describe.each(ENGINES)("land jobs on %s", (engine) => {
  it("queues one job per task: queueing again answers the same job", async () => {
    const store = await seeded(engine);
    const first = await queue(store, "p1", 0);
    expect(first).toMatchObject({ taskId: "p1", projectId: "p", state: "queued", runnerId: null, lease: 0 });
    expect(first.createdAt).toEqual(at(0));
    expect((await queue(store, "p1", 5)).id).toBe(first.id);
    expect(await store.read((q) => listLandJobs(q))).toHaveLength(1);
  });

  it("keeps each job's mode, and a claim with modes takes only jobs of those modes", async () => {
    const store = await seeded(engine);
    await queue(store, "p1", 0);
    const pr = await store.transaction((tx) =>
      queueLandJob(tx, { taskId: "q1", projectId: "q", mode: "open_pr" }, at(1)),
    );
    expect(pr.mode).toBe("open_pr");
    const landOnly = { runnerId: "old", now: at(10), ttlMs: TTL, modes: ["land"] as const };
    expect(await store.transaction((tx) => claimLandJob(tx, landOnly))).toMatchObject({ taskId: "p1", mode: "land" });
    expect(await store.transaction((tx) => claimLandJob(tx, { ...landOnly, now: at(11) }))).toBeNull();
    const any = await store.transaction((tx) => claimLandJob(tx, { runnerId: "new", now: at(12), ttlMs: TTL }));
    expect(any).toMatchObject({ taskId: "q1", mode: "open_pr", state: "claimed" });
  });

  it("claims the oldest queued job with the next lease, one live claim per project", async () => {
    const store = await seeded(engine);
    await queue(store, "p1", 0);
    await queue(store, "p2", 1);
    await queue(store, "q1", 2);
    const one = await claim(store, "r1", 10);
    expect(one).toMatchObject({
      taskId: "p1",
      state: "claimed",
      runnerId: "r1",
      lease: 1,
      leaseExpiresAt: at(10 + TTL),
    });
    // p has a live claim: p2 waits, q1 goes.
    expect(await claim(store, "r2", 11)).toMatchObject({ taskId: "q1", lease: 1 });
    expect(await claim(store, "r3", 12)).toBeNull();
    await store.transaction((tx) => deleteLandJob(tx, one!.id));
    expect(await claim(store, "r3", 13)).toMatchObject({ taskId: "p2", runnerId: "r3" });
  });

  it("hands an expired claim to the next claim with a higher lease; a renewal under the old lease fails", async () => {
    const store = await seeded(engine);
    await queue(store, "p1", 0);
    const first = (await claim(store, "r1", 0))!;
    expect(await claim(store, "r2", TTL - 1)).toBeNull();
    const second = await claim(store, "r2", TTL);
    expect(second).toMatchObject({ id: first.id, runnerId: "r2", lease: 2, leaseExpiresAt: at(2 * TTL) });
    expect(await store.transaction((tx) => renewLandJob(tx, first.id, 1, at(3 * TTL)))).toBe(false);
    expect(await store.transaction((tx) => renewLandJob(tx, first.id, 2, at(3 * TTL)))).toBe(true);
    expect(await store.transaction((tx) => findLandJobForWrite(tx, first.id))).toMatchObject({
      lease: 2,
      leaseExpiresAt: at(3 * TTL),
    });
  });

  it("ends every job of one project, claimed or queued, and no other project's", async () => {
    const store = await seeded(engine);
    await queue(store, "p1", 0);
    await queue(store, "p2", 1);
    await queue(store, "q1", 2);
    await claim(store, "r1", 10);
    expect(await store.transaction((tx) => deleteLandJobsOfProject(tx, "p"))).toBe(2);
    expect((await store.read((q) => listLandJobs(q))).map((job) => job.taskId)).toEqual(["q1"]);
  });

  it("goes when its task goes", async () => {
    const store = await seeded(engine);
    await queue(store, "p1", 0);
    await store.transaction((tx) => tx.run(sql`DELETE FROM tasks WHERE id = ${"p1"}`));
    expect(await store.read((q) => findClaimableLandJob(q, at(0)))).toBeUndefined();
  });

  it("stores a task's reported diff, the latest replacing the one before", async () => {
    const store = await seeded(engine);
    const file = {
      path: "a.txt",
      oldPath: null,
      status: "modified" as const,
      additions: 1,
      deletions: 0,
      isBinary: false,
    };
    const diff = {
      taskId: "p1",
      base: "a".repeat(40),
      head: "b".repeat(40),
      files: [file],
      patch: "+x\n",
      isTruncated: false,
      reportedAt: at(0),
    };
    await store.transaction((tx) => saveTaskDiff(tx, diff));
    await store.transaction((tx) =>
      saveTaskDiff(tx, { ...diff, head: "c".repeat(40), isTruncated: true, reportedAt: at(1) }),
    );
    expect(await findTaskDiff(store.db, "p1")).toEqual({
      ...diff,
      head: "c".repeat(40),
      isTruncated: true,
      reportedAt: at(1),
    });
    expect(await findTaskDiff(store.db, "p2")).toBeUndefined();
  });
});

describe("land job claims on postgres, racing", () => {
  it("never gives two runners two jobs of one project at once, nor one job twice", async () => {
    const store = await seeded("postgres", { maxConnections: 8 });
    await queue(store, "p1", 0);
    await queue(store, "p2", 1);
    await queue(store, "p3", 2);
    await queue(store, "q1", 3);
    const claims = await Promise.all(
      ["r1", "r2", "r3", "r4", "r5", "r6"].map(async (runner) => {
        await tick();
        return await claim(store, runner, 10);
      }),
    );
    const taken = claims.filter((job) => job !== null).map((job) => job.projectId);
    expect(taken.sort()).toEqual(["p", "q"]);
  });
});
