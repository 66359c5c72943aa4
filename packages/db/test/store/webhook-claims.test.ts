import { describe, expect, it } from "vitest";
import {
  claimDueDeliveries,
  enqueueDelivery,
  listDueDeliveries,
  listWebhookDeliveries,
  recordDeliveryAttempt,
  releaseDeliveryClaim,
} from "../../src/index";
import type { Engine, Store } from "../../src/store/store";
import { ENGINES, useStores } from "./engines";
import { insertProject } from "./rows";

// Several instances on one database: a delivery is sent by the one that claimed it.

const stores = useStores();
const T0 = new Date("2026-12-05T10:00:00.123Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const body = (n: number) => JSON.stringify({ n });

/** A store with project p1 and `count` deliveries, the n-th due at at(n). */
async function storeWithDeliveries(engine: Engine, count: number, options = {}): Promise<Store> {
  const store = await stores.open(engine, options);
  await store.transaction(async (tx) => {
    await insertProject(tx, "p1");
    for (let n = 0; n < count; n++) {
      await enqueueDelivery(tx, { projectId: "p1", event: "review", url: "https://p1", body: body(n) }, at(n));
    }
  });
  return store;
}

async function dueIds(store: Store, now: Date): Promise<string[]> {
  return (await listDueDeliveries(store.db, { now, perProject: 1_000, limit: 1_000 })).map((d) => d.id);
}

describe.each(ENGINES)("webhook delivery claims on %s", (engine) => {
  it("claims what is due, once: the claimed are not due again until the claim ends", async () => {
    const store = await storeWithDeliveries(engine, 4);
    const due = await listDueDeliveries(store.db, { now: at(2), perProject: 10, limit: 10 });
    expect(due.map((d) => d.body)).toEqual([body(0), body(1), body(2)]);
    const ids = due.map((d) => d.id);
    const claimed = await claimDueDeliveries(store.db, { ids, now: at(2), until: at(1_000) });
    expect(claimed).toEqual(due);
    // A second claim of the same (another instance that read them as due too) gets nothing.
    expect(await claimDueDeliveries(store.db, { ids, now: at(2), until: at(1_000) })).toEqual([]);
    expect(await dueIds(store, at(999))).toEqual([(await dueIds(store, at(3)))[0]]);
    // One not yet due is not claimed, whatever the caller asks.
    const [fourth] = await dueIds(store, at(3));
    expect(await claimDueDeliveries(store.db, { ids: [fourth!], now: at(2), until: at(1_000) })).toEqual([]);
    // A claim that lapses (its holder died) leaves them due again (at its end: after the fourth).
    expect(await dueIds(store, at(1_000))).toEqual([fourth, ...ids]);
  });

  it("records an attempt only while the claim holds; a stale holder's outcome is dropped", async () => {
    const store = await storeWithDeliveries(engine, 1);
    const [id] = await dueIds(store, at(0));
    await claimDueDeliveries(store.db, { ids: [id!], now: at(0), until: at(100) });
    // The claim lapses and another instance claims it again.
    await claimDueDeliveries(store.db, { ids: [id!], now: at(100), until: at(200) });
    const failed = { status: "queued", attempts: 1, lastStatusCode: 503, lastError: "busy", nextAttemptAt: at(500) };
    const stale = await recordDeliveryAttempt(store.db, id!, failed as never, at(150), { claimedUntil: at(100) });
    expect(stale).toBe(false);
    const delivered = { status: "delivered", attempts: 1, lastStatusCode: 200, lastError: null, nextAttemptAt: null };
    expect(await recordDeliveryAttempt(store.db, id!, delivered as never, at(150), { claimedUntil: at(200) })).toBe(
      true,
    );
    const [row] = (await listWebhookDeliveries(store.db, { projectId: "p1", limit: 1 })).items;
    expect(row).toMatchObject({ status: "delivered", attempts: 1, lastStatusCode: 200, nextAttemptAt: null });
    // Settled: no claim takes it, and no late record moves it.
    expect(await claimDueDeliveries(store.db, { ids: [id!], now: at(1_000), until: at(2_000) })).toEqual([]);
    expect(await recordDeliveryAttempt(store.db, id!, failed as never, at(150), { claimedUntil: at(200) })).toBe(false);
  });

  it("gives a claim back unsent: due again at once, unless another instance holds it by then", async () => {
    const store = await storeWithDeliveries(engine, 1);
    const [id] = await dueIds(store, at(0));
    await claimDueDeliveries(store.db, { ids: [id!], now: at(0), until: at(100) });
    expect(await dueIds(store, at(10))).toEqual([]);
    expect(await releaseDeliveryClaim(store.db, id!, at(100), at(10))).toBe(true);
    expect(await dueIds(store, at(10))).toEqual([id]);
    await claimDueDeliveries(store.db, { ids: [id!], now: at(10), until: at(300) });
    // The first holder's claim (until at(100)) is over: its release changes nothing.
    expect(await releaseDeliveryClaim(store.db, id!, at(100), at(10))).toBe(false);
    expect(await dueIds(store, at(299))).toEqual([]);
  });

  it("refuses a claim that ends before it starts or names no delivery, naming the field", async () => {
    const store = await storeWithDeliveries(engine, 1);
    const [id] = await dueIds(store, at(0));
    await expect(claimDueDeliveries(store.db, { ids: [id!], now: at(5), until: at(5) })).rejects.toThrow(/^until:/);
    await expect(claimDueDeliveries(store.db, { ids: ["x1"], now: at(5), until: at(9) })).rejects.toThrow(/^ids:/);
    expect(await claimDueDeliveries(store.db, { ids: [], now: at(5), until: at(9) })).toEqual([]);
    expect(await dueIds(store, at(5))).toEqual([id]);
  });
});

describe("webhook delivery claims on postgres, concurrently", () => {
  it("claims racing on one pool give every delivery to exactly one claimer", async () => {
    const store = await storeWithDeliveries("postgres", 60, { maxConnections: 6 });
    const ids = await dueIds(store, at(100));
    expect(ids).toHaveLength(60);
    // Six claimers, each asking for every due delivery (overlapping windows, different orders).
    const claims = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        store.transaction(async (tx) => {
          const mine = i % 2 ? [...ids].reverse() : ids;
          return await claimDueDeliveries(tx, { ids: mine, now: at(100), until: at(10_000 + i) });
        }),
      ),
    );
    const claimedIds = claims.flat().map((d) => d.id);
    expect(claimedIds.sort()).toEqual([...ids].sort());
    expect(new Set(claimedIds).size).toBe(60);
    expect(await dueIds(store, at(9_999))).toEqual([]);
  }, 60_000);
});
