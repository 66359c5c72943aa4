import type { NewEvent } from "@maestro/domain";
import { describe, expect, it } from "vitest";
import { appendEvent, countActorEvents, latestEventId, listEvents } from "../../src/index";
import { ENGINES, useStores } from "./engines";

const stores = useStores();

function taskEvent(projectId: string, entityId: string, actor = "owner"): NewEvent {
  return {
    projectId,
    entity: "task",
    entityId,
    kind: "task.created",
    actor,
    payload: { task: { id: entityId, title: "Ship it", tags: ["a", "b"] } },
  } as unknown as NewEvent;
}

describe.each(ENGINES)("the event log on %s", (engine) => {
  it("appends with increasing ids and reads them back whole, by project, kind, id range and order", async () => {
    const store = await stores.open(engine);
    const at = new Date("2026-12-05T10:11:12.345Z");
    const first = await store.transaction((tx) => appendEvent(tx, taskEvent("p1", "t1"), at));
    const second = await store.transaction((tx) => appendEvent(tx, taskEvent("p2", "t2")));
    const third = await store.transaction((tx) =>
      appendEvent(tx, { ...taskEvent("p1", "t3"), kind: "task.updated" } as NewEvent),
    );
    expect(Number(second.id)).toBeGreaterThan(Number(first.id));
    expect(first).toMatchObject({ projectId: "p1", entityId: "t1", ts: at.toISOString() });
    expect(first.payload).toEqual({ task: { id: "t1", title: "Ship it", tags: ["a", "b"] } });

    const db = store.db;
    expect(await latestEventId(db)).toBe(Number(third.id));
    expect((await listEvents(db, { projectId: "p1", limit: 10 })).map((e) => e.id)).toEqual([first.id, third.id]);
    expect((await listEvents(db, { kinds: ["task.updated"], limit: 10 })).map((e) => e.id)).toEqual([third.id]);
    expect((await listEvents(db, { afterId: Number(first.id), limit: 1 })).map((e) => e.id)).toEqual([second.id]);
    expect((await listEvents(db, { limit: 10, order: "desc" })).map((e) => e.id)).toEqual([
      third.id,
      second.id,
      first.id,
    ]);
    expect(await listEvents(db, { beforeId: Number(first.id), limit: 10 })).toEqual([]);
  });

  it("counts one actor's events of a kind since an entity's first event", async () => {
    const store = await stores.open(engine);
    await store.transaction(async (tx) => {
      await appendEvent(tx, taskEvent("p1", "before", "agent:1"));
      await appendEvent(tx, { ...taskEvent("p1", "session-1"), kind: "session.created" } as NewEvent);
      await appendEvent(tx, taskEvent("p1", "a", "agent:1"));
      await appendEvent(tx, taskEvent("p1", "b", "agent:1"));
      await appendEvent(tx, taskEvent("p1", "c", "agent:2"));
    });
    const filter = { projectId: "p1", kind: "task.created", actor: "agent:1", sinceEntityId: "session-1" };
    expect(await countActorEvents(store.db, filter)).toBe(2);
    expect(await countActorEvents(store.db, { ...filter, sinceEntityId: "never" })).toBe(3);
  });

  it("an empty log's latest id is 0", async () => {
    const store = await stores.open(engine);
    expect(await latestEventId(store.db)).toBe(0);
  });
});

describe("prepared statements' names on PostgreSQL", () => {
  it("stay unique and within 63 bytes however long and alike the query names are", async () => {
    const { pgStatementName } = await import("../../src/store/db");
    const base = "task.byStatus:".padEnd(80, "x");
    const a = pgStatementName(`${base}:todo`);
    const b = pgStatementName(`${base}:done`);
    expect(a).not.toBe(b);
    expect(Buffer.byteLength(a)).toBeLessThanOrEqual(63);
    expect(pgStatementName("event.append")).toBe("event_append");
  });
});
