import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { MaestroEvent } from "@maestro/domain";
import { appRouter } from "../src/routers/app";
import { createCallerFactory } from "../src/trpc";
import { type World, makeWorld } from "./helpers";

let world: World;
beforeEach(() => {
  world = makeWorld();
});
afterEach(() => world.close());

/** Reads `count` events from a subscription, then aborts it. Returns them with their tracked ids. */
async function take(
  input: { projectId?: string; lastEventId?: string | null; sessionId?: string },
  count: number,
  act?: () => Promise<void>,
  path: "event.onEvent" | "session.onChanged" = "event.onEvent",
) {
  const controller = new AbortController();
  const caller = createCallerFactory(appRouter)(world.ctx, { signal: controller.signal });
  const iterable = path === "event.onEvent" ? await caller.event.onEvent(input) : await caller.session.onChanged(input);
  const got: { id: string; data: MaestroEvent }[] = [];
  const reading = (async () => {
    for await (const envelope of iterable) {
      const [id, data] = envelope as unknown as [string, MaestroEvent];
      got.push({ id, data });
      if (got.length === count) break;
    }
  })();
  await act?.();
  await reading;
  controller.abort();
  return got;
}

describe("event.onEvent", () => {
  it("follows live changes of one project only", async () => {
    const web = await world.caller.project.create({ name: "Web", rootDir: "/tmp/web", key: "WEB" });
    await world.caller.project.create({ name: "Api", rootDir: "/tmp/api", key: "API" });
    const got = await take({ projectId: web.id }, 2, async () => {
      await world.caller.task.create({ projectId: "API", title: "elsewhere" });
      await world.caller.task.create({ projectId: "WEB", title: "one" });
      await world.caller.task.update({ id: "WEB-1", status: "in_progress" });
    });
    expect(got.map((e) => e.data.kind)).toEqual(["task.created", "task.updated"]);
    expect(got.every((e) => e.data.projectId === web.id)).toBe(true);
  });

  it("resumes after lastEventId with every missed event exactly once", async () => {
    await world.caller.project.create({ name: "Web", rootDir: "/tmp/web", key: "WEB" });
    const first = await take({}, 1, async () => {
      await world.caller.task.create({ projectId: "WEB", title: "t1" });
    });
    // While "disconnected", more changes happen.
    for (let i = 2; i <= 600; i++) await world.caller.task.create({ projectId: "WEB", title: `t${i}` });
    const resumed = await take({ lastEventId: first[0]!.id }, 600, async () => {
      await world.caller.task.create({ projectId: "WEB", title: "t601" });
    });
    const titles = resumed.map((e) => (e.data.kind === "task.created" ? e.data.payload.task.title : "?"));
    expect(titles).toEqual(Array.from({ length: 600 }, (_, i) => `t${i + 2}`));
    expect(new Set(resumed.map((e) => e.id)).size).toBe(600);
  });

  it("refuses a malformed cursor and an unknown project", async () => {
    await expect(world.caller.event.onEvent({ lastEventId: "abc" })).rejects.toThrow(
      /lastEventId: must be an event id/,
    );
    await expect(world.caller.event.onEvent({ projectId: "NOPE" })).rejects.toThrow(/project "NOPE" not found/);
  });
});

describe("session.onChanged", () => {
  it("streams one session's events only, and resumes after lastEventId without gaps or repeats", async () => {
    const dir = mkdtempSync(join(tmpdir(), "maestro-events-"));
    await world.caller.project.create({ name: "Web", rootDir: dir, key: "WEB" });
    await world.caller.agent.add({ name: "script", adapter: "custom", command: ["/bin/echo", "{promptFile}"] });
    const [one, two] = await Promise.all(
      ["a", "b"].map((title) => world.caller.task.create({ projectId: "WEB", title })),
    );
    const watched = await world.caller.session.start({ taskIds: [one!.id], agent: "script" });
    const first = await take({ sessionId: watched.id, lastEventId: "0" }, 1, undefined, "session.onChanged");
    expect(first.map((e) => [e.data.kind, e.data.entityId])).toEqual([["session.created", watched.id]]);
    // Missed while away: another session's start, a task change, and two changes of the watched one.
    await world.caller.session.start({ taskIds: [two!.id], agent: "script" });
    await world.caller.task.update({ id: "WEB-2", title: "renamed" });
    await world.caller.session.stop({ id: watched.id });
    const resumed = await take({ sessionId: watched.id, lastEventId: first[0]!.id }, 1, undefined, "session.onChanged");
    expect(resumed.map((e) => [e.data.kind, e.data.entityId])).toEqual([["session.updated", watched.id]]);
    expect(Number(resumed[0]!.id)).toBeGreaterThan(Number(first[0]!.id));
    rmSync(dir, { recursive: true, force: true });
  });
});
