import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { acquireLease, holdsLease, listLeases, releaseLease } from "../../src/repositories/scheduler-lease-repository";
import type { Store, StoreQueries } from "../../src/store/store";
import { ENGINES, useStores } from "./engines";
import { insertProject, tick } from "./rows";

const stores = useStores();
const TTL = 10_000;
const T0 = new Date("2026-12-05T12:00:00.000Z");

function at(ms: number): Date {
  return new Date(T0.getTime() + ms);
}

async function withProjects(store: Store, ...ids: string[]): Promise<Store> {
  await store.transaction(async (tx) => {
    for (const id of ids) await insertProject(tx, id);
  });
  return store;
}

function acquire(store: Store, holder: string, now: Date, project = "p"): Promise<{ epoch: number } | null> {
  return store.transaction((tx) => acquireLease(tx, project, holder, now, TTL));
}

function holds(store: Store, holder: string, epoch: number, now: Date): Promise<boolean> {
  return store.transaction((tx) => holdsLease(tx, "p", holder, epoch, now));
}

async function projectName(q: StoreQueries): Promise<string | undefined> {
  return (await q.get<{ name: string }>(sql`SELECT name FROM projects WHERE id = ${"p"}`))?.name;
}

/**
 * A scheduling transaction as the scheduler will write one: the fence first, then its writes,
 * only while the term holds.
 */
function schedule(store: Store, holder: string, epoch: number, now: Date, name: string): Promise<boolean> {
  return store.transaction(async (tx) => {
    if (!(await holdsLease(tx, "p", holder, epoch, now))) return false;
    await tick();
    await tx.run(sql`UPDATE projects SET name = ${name} WHERE id = ${"p"}`);
    return true;
  });
}

describe.each(ENGINES)("scheduler leases on %s", (engine) => {
  it("takes a free lease as epoch 1 and renews it in the same term", async () => {
    const store = await withProjects(await stores.open(engine), "p", "q");
    expect(await acquire(store, "a", at(0))).toEqual({ epoch: 1 });
    expect(await acquire(store, "a", at(5_000))).toEqual({ epoch: 1 });
    expect(await acquire(store, "b", at(0), "q")).toEqual({ epoch: 1 });
    expect(await store.read(listLeases)).toEqual([
      { projectId: "p", holder: "a", epoch: 1, expiresAt: at(5_000 + TTL) },
      { projectId: "q", holder: "b", epoch: 1, expiresAt: at(TTL) },
    ]);
    expect(await holds(store, "a", 1, at(5_000 + TTL - 1))).toBe(true);
  });

  it("gives a raced lease to exactly one of two holders", async () => {
    const store = await withProjects(await stores.open(engine), "p");
    const [a, b] = await Promise.all([acquire(store, "a", at(0)), acquire(store, "b", at(0))]);
    const winners = [a && "a", b && "b"].filter(Boolean);
    expect(winners).toHaveLength(1);
    expect([a, b]).toContainEqual({ epoch: 1 });
    expect([a, b]).toContain(null);
    const leases = await store.read(listLeases);
    expect(leases.map((lease) => [lease.holder, lease.epoch])).toEqual([[winners[0], 1]]);
  });

  it("refuses another holder while the term runs, and hands it over with the next epoch once it lapses", async () => {
    const store = await withProjects(await stores.open(engine), "p");
    expect(await acquire(store, "a", at(0))).toEqual({ epoch: 1 });
    expect(await acquire(store, "b", at(TTL - 1))).toBeNull();
    expect((await store.read(listLeases))[0]).toMatchObject({ holder: "a", epoch: 1, expiresAt: at(TTL) });
    expect(await acquire(store, "b", at(TTL))).toEqual({ epoch: 2 });
    // The old holder's renewal no longer renews anything.
    expect(await acquire(store, "a", at(TTL + 1))).toBeNull();
    expect(await acquire(store, "b", at(TTL + 1))).toEqual({ epoch: 2 });
    expect((await store.read(listLeases))[0]).toMatchObject({ holder: "b", epoch: 2, expiresAt: at(2 * TTL + 1) });
  });

  it("starts a new term when the holder comes back after its own lease lapsed", async () => {
    const store = await withProjects(await stores.open(engine), "p");
    expect(await acquire(store, "a", at(0))).toEqual({ epoch: 1 });
    expect(await acquire(store, "a", at(TTL))).toEqual({ epoch: 2 });
    expect(await holds(store, "a", 1, at(TTL))).toBe(false);
    expect(await holds(store, "a", 2, at(TTL))).toBe(true);
  });

  it("fences a stale epoch: the paused holder's scheduling transaction writes nothing", async () => {
    const store = await withProjects(await stores.open(engine), "p");
    expect(await acquire(store, "a", at(0))).toEqual({ epoch: 1 });
    expect(await schedule(store, "a", 1, at(1_000), "by a")).toBe(true);
    expect(await acquire(store, "b", at(TTL + 500))).toEqual({ epoch: 2 });
    // "a" wakes believing its term is still on (its own clock even says so).
    expect(await schedule(store, "a", 1, at(2_000), "by a, late")).toBe(false);
    expect(await store.read(projectName)).toBe("by a");
    expect(await holds(store, "b", 1, at(TTL + 600))).toBe(false);
    expect(await holds(store, "a", 2, at(TTL + 600))).toBe(false);
    expect(await schedule(store, "b", 2, at(TTL + 600), "by b")).toBe(true);
    expect(await store.read(projectName)).toBe("by b");
    // Past its expiry the current term fences itself too, until renewed.
    expect(await holds(store, "b", 2, at(2 * TTL + 500))).toBe(false);
  });

  it("releases only the current term, and the next term still counts up", async () => {
    const store = await withProjects(await stores.open(engine), "p");
    expect(await acquire(store, "a", at(0))).toEqual({ epoch: 1 });
    expect(await store.transaction((tx) => releaseLease(tx, "p", "b", 1))).toBe(false);
    expect(await store.transaction((tx) => releaseLease(tx, "p", "a", 2))).toBe(false);
    expect(await holds(store, "a", 1, at(1))).toBe(true);
    expect(await store.transaction((tx) => releaseLease(tx, "p", "a", 1))).toBe(true);
    expect(await store.transaction((tx) => releaseLease(tx, "p", "a", 1))).toBe(false);
    expect(await holds(store, "a", 1, at(1))).toBe(false);
    expect(await acquire(store, "b", at(2))).toEqual({ epoch: 2 });
    expect(await acquire(store, "a", at(3))).toBeNull();
    // A release by the stale term leaves the new holder's lease alone.
    expect(await store.transaction((tx) => releaseLease(tx, "p", "a", 1))).toBe(false);
    expect(await holds(store, "b", 2, at(4))).toBe(true);
  });

  it("goes with its project", async () => {
    const store = await withProjects(await stores.open(engine), "p", "q");
    await acquire(store, "a", at(0));
    await acquire(store, "a", at(0), "q");
    await store.transaction((tx) => tx.run(sql`DELETE FROM projects WHERE id = ${"p"}`));
    expect((await store.read(listLeases)).map((lease) => lease.projectId)).toEqual(["q"]);
  });

  it.each([
    { field: "projectId", bad: "an unknown project", args: () => ["nope", "b", at(TTL), TTL] as const },
    { field: "projectId", bad: "an empty one", args: () => ["", "b", at(TTL), TTL] as const },
    { field: "holder", bad: "an empty one", args: () => ["p", "", at(TTL), TTL] as const },
    { field: "now", bad: "an invalid date", args: () => ["p", "b", new Date(Number.NaN), TTL] as const },
    { field: "ttlMs", bad: "zero", args: () => ["p", "b", at(TTL), 0] as const },
    { field: "ttlMs", bad: "a fraction", args: () => ["p", "b", at(TTL), 1.5] as const },
    { field: "ttlMs", bad: "past any date", args: () => ["p", "b", at(TTL), Number.MAX_SAFE_INTEGER] as const },
  ])("refuses a bad $field ($bad) by name and changes nothing", async ({ field, args }) => {
    const store = await withProjects(await stores.open(engine), "p");
    await acquire(store, "a", at(0));
    const before = await store.read(listLeases);
    const [projectId, holder, now, ttlMs] = args();
    await expect(store.transaction((tx) => acquireLease(tx, projectId, holder, now, ttlMs))).rejects.toThrow(
      new RegExp(`^${field}: `),
    );
    expect(await store.read(listLeases)).toEqual(before);
  });

  it("refuses an unknown project without breaking the caller's transaction", async () => {
    const store = await withProjects(await stores.open(engine), "p");
    const epoch = await store.transaction(async (tx) => {
      await expect(acquireLease(tx, "nope", "a", at(0), TTL)).rejects.toThrow(/^projectId: no project "nope"$/);
      return acquireLease(tx, "p", "a", at(0), TTL);
    });
    expect(epoch).toEqual({ epoch: 1 });
    expect((await store.read(listLeases)).map((lease) => lease.projectId)).toEqual(["p"]);
  });

  it("refuses a bad epoch or holder in the fence and the release by name", async () => {
    const store = await withProjects(await stores.open(engine), "p");
    await acquire(store, "a", at(0));
    await expect(store.transaction((tx) => holdsLease(tx, "p", "a", 0, at(1)))).rejects.toThrow(/^epoch: /);
    await expect(store.transaction((tx) => holdsLease(tx, "p", "", 1, at(1)))).rejects.toThrow(/^holder: /);
    await expect(store.transaction((tx) => releaseLease(tx, "p", "a", 1.5))).rejects.toThrow(/^epoch: /);
    await expect(store.transaction((tx) => releaseLease(tx, "", "a", 1))).rejects.toThrow(/^projectId: /);
    expect(await holds(store, "a", 1, at(1))).toBe(true);
  });
});

/** Resolves once `count` callers have arrived, so their transactions are all open together. */
function barrier(count: number): () => Promise<void> {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return () => {
    if (++arrived === count) open();
    return opened;
  };
}

async function waitForLockWaiters(store: Store, count: number, isMoot: () => boolean): Promise<void> {
  while (!isMoot()) {
    const row = await store.read((q) =>
      q.get<{ n: number }>(
        sql`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      ),
    );
    if ((row?.n ?? 0) >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("scheduler leases on PostgreSQL under concurrency", () => {
  const HOLDERS = 8;

  it(
    "concurrent acquires give exactly one holder, for a free lease and for a lapsed one",
    { timeout: 60_000 },
    async () => {
      const store = await withProjects(await stores.open("postgres", { maxConnections: HOLDERS + 1 }), "p");
      const race = async (now: Date) => {
        const arrive = barrier(HOLDERS);
        return Promise.all(
          Array.from({ length: HOLDERS }, (_, index) =>
            store.transaction(async (tx) => {
              // Every transaction open before any acquires: the losers meet the winner's row.
              await tx.get(sql`SELECT 1 AS one`);
              await arrive();
              const won = await acquireLease(tx, "p", `h${index}`, now, TTL);
              await tick();
              return won;
            }),
          ),
        );
      };
      const first = await race(at(0));
      expect(first.filter((won) => won !== null)).toEqual([{ epoch: 1 }]);
      const second = await race(at(TTL));
      expect(second.filter((won) => won !== null)).toEqual([{ epoch: 2 }]);
      const leases = await store.read(listLeases);
      expect(leases).toHaveLength(1);
      expect(leases[0]).toMatchObject({ epoch: 2, holder: `h${second.findIndex((won) => won !== null)}` });
    },
  );

  it(
    "a takeover waits for the scheduling transaction that passed the fence, then takes the next epoch",
    { timeout: 60_000 },
    async () => {
      const store = await withProjects(await stores.open("postgres", { maxConnections: 4 }), "p");
      expect(await acquire(store, "a", at(0))).toEqual({ epoch: 1 });
      const order: string[] = [];
      let fenced!: () => void;
      const passedFence = new Promise<void>((resolve) => (fenced = resolve));
      let finish!: () => void;
      const finishing = new Promise<void>((resolve) => (finish = resolve));
      const scheduling = store.transaction(async (tx) => {
        expect(await holdsLease(tx, "p", "a", 1, at(TTL - 1))).toBe(true);
        fenced();
        await finishing;
        await tx.run(sql`UPDATE projects SET name = ${"by a"} WHERE id = ${"p"}`);
        order.push("a wrote");
      });
      await passedFence;
      const takeover = acquire(store, "b", at(TTL)).then((won) => {
        order.push("b took over");
        return won;
      });
      try {
        // Either the takeover is seen waiting for the lease row, or it answered without waiting: a failure.
        await Promise.race([waitForLockWaiters(store, 1, () => order.length > 0), takeover]);
        expect(order).toEqual([]);
      } finally {
        finish();
        await scheduling;
      }
      expect(await takeover).toEqual({ epoch: 2 });
      expect(order).toEqual(["a wrote", "b took over"]);
      expect(await store.read(projectName)).toBe("by a");
      expect(await schedule(store, "a", 1, at(TTL - 1), "by a, late")).toBe(false);
      expect(await store.read(projectName)).toBe("by a");
    },
  );
});
