import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { MaestroEvent } from "@maestro/domain";
import { appRouter } from "../src/routers/app";
import { EventBus, MAX_PENDING_EVENTS, OVERFLOWED } from "../src/events";
import { createCallerFactory } from "../src/trpc";
import { type World, makeWorld } from "./helpers";
import { followEventPages } from "./live-server";

let world: World;
beforeEach(async () => {
  world = await makeWorld();
});
afterEach(async () => await world.close());

interface Taken {
  id: string;
  data: MaestroEvent;
}

interface Take {
  path?: "event.onEvent" | "session.onChanged";
  input: { projectId?: string; lastEventId?: string | null; sessionId?: string; kinds?: MaestroEvent["kind"][] };
  /** How many events to read, or the last one to read. */
  until: number | ((event: MaestroEvent) => boolean);
  /** What happens while the subscription is open; it may watch what has been read so far. */
  act?: (got: readonly Taken[]) => Promise<void>;
}

/** Reads events from a subscription until `until`, then aborts it. Returns them with their tracked ids. */
async function take({ path = "event.onEvent", input, until, act }: Take) {
  const controller = new AbortController();
  const caller = createCallerFactory(appRouter)(world.ctx, { signal: controller.signal });
  const iterable = path === "event.onEvent" ? await caller.event.onEvent(input) : await caller.session.onChanged(input);
  const got: Taken[] = [];
  const reading = (async () => {
    for await (const envelope of iterable) {
      const [id, data] = envelope as unknown as [string, MaestroEvent];
      got.push({ id, data });
      if (typeof until === "number" ? got.length === until : until(data)) break;
    }
  })();
  await act?.(got);
  await reading;
  controller.abort();
  return got;
}

interface Held {
  sessionId: string;
  lease: number;
}

/** A session of the script agent on `taskId`, claimed by `runnerId` and running. */
async function runningSession(taskId: string, runnerId: string, cwd: string): Promise<Held> {
  const session = await world.caller.session.start({ taskIds: [taskId], agent: "script" });
  const claim = (await world.caller.runner.claim({ runnerId }))!;
  expect(claim.session.id).toBe(session.id);
  const held = { sessionId: session.id, lease: claim.lease };
  await world.caller.runner.started({ ...held, pid: 4242, cwd, worktreePath: null, branch: null });
  return held;
}

/** One batch of `count` agent messages, `m<from>` onwards, in one transaction. */
async function output(held: Held, from: number, count: number): Promise<void> {
  const events = Array.from({ length: count }, (_, i) => ({ type: "message" as const, text: `m${from + i}` }));
  await world.caller.runner.log({ ...held, chunks: [], events });
}

/** The text of an agent message, or undefined for other events. */
function textOf(event: MaestroEvent): string | undefined {
  return event.kind === "session.output" && event.payload.event.type === "message"
    ? event.payload.event.text
    : undefined;
}

/** Every stored event of one entity, paging through `event.list`. */
function storedEvents(entityId: string): Promise<MaestroEvent[]> {
  return followEventPages((page) => world.caller.event.list({ entityId, ...page }));
}

describe("event.onEvent", () => {
  it("follows live changes of one project only", async () => {
    const web = await world.caller.project.create({ name: "Web", rootDir: "/tmp/web", key: "WEB" });
    await world.caller.project.create({ name: "Api", rootDir: "/tmp/api", key: "API" });
    const got = await take({
      input: { projectId: web.id },
      until: 2,
      act: async () => {
        await world.caller.task.create({ projectId: "API", title: "elsewhere" });
        await world.caller.task.create({ projectId: "WEB", title: "one" });
        await world.caller.task.update({ id: "WEB-1", status: "in_progress" });
      },
    });
    expect(got.map((e) => e.data.kind)).toEqual(["task.created", "task.updated"]);
    expect(got.every((e) => e.data.projectId === web.id)).toBe(true);
  });

  it("resumes after lastEventId with every missed event exactly once", async () => {
    await world.caller.project.create({ name: "Web", rootDir: "/tmp/web", key: "WEB" });
    const first = await take({
      input: {},
      until: 1,
      act: async () => {
        await world.caller.task.create({ projectId: "WEB", title: "t1" });
      },
    });
    // While "disconnected", more changes happen.
    for (let i = 2; i <= 600; i++) await world.caller.task.create({ projectId: "WEB", title: `t${i}` });
    const resumed = await take({
      input: { lastEventId: first[0]!.id },
      until: 600,
      act: async () => {
        await world.caller.task.create({ projectId: "WEB", title: "t601" });
      },
    });
    const titles = resumed.map((e) => (e.data.kind === "task.created" ? e.data.payload.task.title : "?"));
    expect(titles).toEqual(Array.from({ length: 600 }, (_, i) => `t${i + 2}`));
    expect(new Set(resumed.map((e) => e.id)).size).toBe(600);
  });

  it("streams only the kinds asked for, stored and live, and event.list filters the same way", async () => {
    await world.caller.project.create({ name: "Web", rootDir: "/tmp/web", key: "WEB" });
    await world.caller.task.create({ projectId: "WEB", title: "stored" });
    await world.caller.task.update({ id: "WEB-1", title: "stored, renamed" });
    const got = await take({
      input: { lastEventId: "0", kinds: ["task.updated"] },
      until: 2,
      act: async () => {
        await world.caller.task.create({ projectId: "WEB", title: "live" });
        await world.caller.task.update({ id: "WEB-2", title: "live, renamed" });
      },
    });
    expect(got.map((e) => e.data.kind)).toEqual(["task.updated", "task.updated"]);
    const listed = await world.caller.event.list({ kinds: ["task.created"] });
    expect(listed.items.map((e) => e.kind)).toEqual(["task.created", "task.created"]);
    await expect(world.caller.event.list({ kinds: ["task.exploded" as "task.created"] })).rejects.toThrow(
      /must be one of/,
    );
  });

  it("refuses a malformed cursor and an unknown project", async () => {
    await expect(world.caller.event.onEvent({ lastEventId: "abc" })).rejects.toThrow(
      /lastEventId: must be an event id/,
    );
    await expect(world.caller.event.onEvent({ projectId: "NOPE" })).rejects.toThrow(/project "NOPE" not found/);
  });
});

describe("session.onChanged", () => {
  it("catches a subscriber too slow for its live queue up from the events table, each event once", async () => {
    const dir = mkdtempSync(join(tmpdir(), "maestro-events-"));
    try {
      await world.caller.project.create({ name: "Web", rootDir: dir, key: "WEB" });
      await world.caller.agent.add({ name: "script", adapter: "custom", command: ["/bin/echo", "{promptFile}"] });
      const task = await world.caller.task.create({ projectId: "WEB", title: "a" });
      const held = await runningSession(task.id, "r1", dir);
      // One batch past the live queue's bound, published before the subscriber can read any of it.
      const total = MAX_PENDING_EVENTS + 500;
      const got = await take({
        path: "session.onChanged",
        input: { sessionId: held.sessionId },
        until: (event) => textOf(event) === `m${total - 1}`,
        act: () => output(held, 0, total),
      });
      expect(got.flatMap(({ data }) => textOf(data) ?? [])).toEqual(Array.from({ length: total }, (_, i) => `m${i}`));
      expect(new Set(got.map(({ id }) => id)).size).toBe(got.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("streams one session's events only, and resumes after lastEventId without gaps or repeats", async () => {
    const dir = mkdtempSync(join(tmpdir(), "maestro-events-"));
    try {
      await world.caller.project.create({ name: "Web", rootDir: dir, key: "WEB" });
      await world.caller.agent.add({ name: "script", adapter: "custom", command: ["/bin/echo", "{promptFile}"] });
      const [one, two] = await Promise.all(
        ["a", "b"].map((title) => world.caller.task.create({ projectId: "WEB", title })),
      );
      const watched = await runningSession(one!.id, "r1", dir);
      const other = await runningSession(two!.id, "r2", dir);
      const isEnd = (event: MaestroEvent) =>
        event.kind === "session.updated" &&
        event.entityId === watched.sessionId &&
        event.payload.session.status !== "running";

      // First connection: back-fill from the start, then live; it drops in the middle of a batch.
      const first = await take({
        path: "session.onChanged",
        input: { sessionId: watched.sessionId, lastEventId: "0" },
        until: 12,
        act: async () => {
          await output(watched, 0, 20);
          await output(other, 0, 5);
        },
      });
      // Missed while away: the other session's output, a task change, and more of the watched
      // one's than one back-fill page (500), so events go live while it is still back-filling.
      await output(other, 5, 5);
      await world.caller.task.update({ id: "WEB-2", title: "renamed" });
      await output(watched, 20, 600);
      // Second connection: resumes after the last id it saw, back-fills what it missed, then live.
      const resumed = await take({
        path: "session.onChanged",
        input: { sessionId: watched.sessionId, lastEventId: first.at(-1)!.id },
        until: isEnd,
        act: async (got) => {
          for (let batch = 0; batch < 5; batch++) {
            await output(watched, 620 + batch * 2, 2);
            await output(other, 10 + batch, 1);
          }
          // The last event only once those are read: a repeat of any of them would come before it.
          await vi.waitUntil(() => got.some(({ data }) => textOf(data) === "m629"), { timeout: 5_000 });
          await world.caller.runner.finish({ ...watched, exitCode: 0, signal: null, error: null });
        },
      });

      const seen = [...first, ...resumed];
      const stored = (await storedEvents(watched.sessionId)).filter((event) => event.entity === "session");
      expect(seen.map((event) => event.id)).toEqual(stored.map((event) => event.id));
      expect(seen.every(({ data }) => data.entityId === watched.sessionId)).toBe(true);
      const texts = seen.flatMap(({ data }) => textOf(data) ?? []);
      expect(texts).toEqual(Array.from({ length: 630 }, (_, i) => `m${i}`));
      // Each connection saw back-filled and live events: the drop and the resume fell mid-stream.
      expect(first.map((event) => event.data.kind).slice(0, 3)).toEqual([
        "session.created",
        "session.updated",
        "session.updated",
      ]);
      expect(first.length).toBe(12);
      expect(resumed.at(-1)!.data).toMatchObject({
        kind: "session.updated",
        payload: { session: { status: "succeeded" } },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("EventBus.subscribe", () => {
  it("hands a subscriber too slow for its queue OVERFLOWED in place of the events it dropped", async () => {
    const bus = new EventBus();
    const controller = new AbortController();
    const live = bus.subscribe(controller.signal, 3);
    const event = (id: number) => ({ id: String(id) }) as MaestroEvent;
    bus.publish([1, 2, 3, 4, 5].map(event));
    const read = async () => {
      const next = await live.next();
      return next.value === OVERFLOWED ? "overflowed" : (next.value as MaestroEvent).id;
    };
    expect([await read(), await read()]).toEqual(["overflowed", "5"]);
    bus.publish([event(6)]);
    expect(await read()).toBe("6");
    controller.abort();
    expect((await live.next()).done).toBe(true);
    expect(bus.listenerCount()).toBe(0);
  });
});
