import { tmpdir } from "node:os";
import { appendLogChunks } from "@maestro/db";
import type { LogChunk } from "@maestro/domain";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appRouter } from "../src/routers/app";
import { createCallerFactory } from "../src/trpc";
import { type World, makeWorld } from "./helpers";

// session.onLog: replay from the database, then live batches from the log bus, each chunk once
// and in order. Batches are stored and published here directly, as appendLog does; no agent
// runs, so the project's folder is only checked to exist.

let world: World;
let sessionId: string;
beforeEach(async () => {
  world = await makeWorld();
  await world.caller.project.create({ name: "Web", rootDir: tmpdir(), key: "WEB" });
  const task = await world.caller.task.create({ projectId: "WEB", title: "one", command: "true" });
  sessionId = (await world.caller.session.start({ taskIds: [task.id], agent: "shell" })).id;
});
afterEach(async () => await world.close());

const lines = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ stream: "stdout" as const, text: `${i}\n` }));

/** Stores `count` chunks; publishes them as one live batch unless `isPublished` is false. */
async function write(count: number, isPublished = true): Promise<LogChunk[]> {
  const stored = await world.database.transaction((tx) => appendLogChunks(tx, sessionId, lines(count)));
  if (isPublished) world.ctx.logs.publish(sessionId, stored);
  return stored;
}

interface Batch {
  id: string;
  seqs: number[];
}

/**
 * Reads batches until `total` chunks arrived; `act` runs once the subscription is open and idle.
 * What `act` publishes in one go (no await between) reaches the subscriber before it reads again.
 */
async function follow(input: { afterSeq?: number; lastEventId?: string }, total: number, act?: () => Promise<void>) {
  const controller = new AbortController();
  const caller = createCallerFactory(appRouter)(world.ctx, { signal: controller.signal });
  const batches: Batch[] = [];
  let seen = 0;
  let hasActed = false;
  // Opening and replaying take only microtasks (SQLite is synchronous): a timer runs after both.
  let acted: Promise<void> = Promise.resolve();
  const acting =
    act &&
    setTimeout(() => {
      hasActed = true;
      acted = act();
    }, 20);
  for await (const envelope of await caller.session.onLog({ id: sessionId, ...input })) {
    const [id, chunks] = envelope as unknown as [string, LogChunk[]];
    batches.push({ id, seqs: chunks.map((chunk) => chunk.seq) });
    seen += chunks.length;
    if (seen >= total) break;
  }
  clearTimeout(acting);
  controller.abort();
  await acted;
  return { batches, seqs: batches.flatMap((batch) => batch.seqs), hasActed };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe("session.onLog", () => {
  it("replays the stored log after afterSeq in pages, each tracked by its last seq", async () => {
    await write(600, false);
    const { batches, seqs } = await follow({ afterSeq: 100 }, 500);
    expect(seqs).toEqual(range(101, 600));
    expect(batches.map((batch) => [batch.seqs.length, batch.id])).toEqual([
      [256, "356"],
      [244, "600"],
    ]);
  });

  it("resumes after lastEventId rather than afterSeq", async () => {
    await write(10, false);
    const { seqs } = await follow({ afterSeq: 2, lastEventId: "7" }, 3);
    expect(seqs).toEqual([8, 9, 10]);
  });

  it("follows live batches after the replay, without repeating what it replayed", async () => {
    const stored = await write(3, false);
    const { batches, hasActed } = await follow({}, 5, async () => {
      const fresh = await write(2, false);
      world.ctx.logs.publish(sessionId, stored.slice(1)); // already replayed: skipped
      world.ctx.logs.publish(sessionId, fresh);
    });
    expect(hasActed).toBe(true);
    expect(batches).toEqual([
      { id: "3", seqs: [1, 2, 3] },
      { id: "5", seqs: [4, 5] },
    ]);
  });

  it("reads a gap before a live batch from the database", async () => {
    const { seqs, hasActed } = await follow({}, 4, async () => {
      await write(3, false);
      await write(1);
    });
    expect(hasActed).toBe(true);
    expect(seqs).toEqual([1, 2, 3, 4]);
  });

  it("drops the live queue of a subscriber that fell behind and catches it up from the database", async () => {
    const { batches, seqs, hasActed } = await follow({}, 300, async () => {
      // Stored one by one, then all 300 published in one go, before the subscriber reads again.
      const stored: LogChunk[][] = [];
      for (let i = 0; i < 300; i++) stored.push(await write(1, false));
      for (const chunks of stored) world.ctx.logs.publish(sessionId, chunks);
    });
    expect(hasActed).toBe(true);
    expect(seqs).toEqual(range(1, 300));
    // All 300 were published before it read again: read from the database in two pages, not 300 batches.
    expect(batches.map((batch) => batch.seqs.length)).toEqual([256, 44]);
  });

  it("drops a live queue holding more than 4 Mi characters of text, even in a few batches", async () => {
    const big = { stream: "stdout" as const, text: "x".repeat(2 * 1024 * 1024) };
    const { batches, seqs, hasActed } = await follow({}, 3, async () => {
      // Stored first, then the three published in one go, before the subscriber reads again.
      const stored: LogChunk[][] = [];
      for (let i = 0; i < 3; i++) {
        stored.push(await world.database.transaction((tx) => appendLogChunks(tx, sessionId, [big])));
      }
      for (const chunks of stored) world.ctx.logs.publish(sessionId, chunks);
    });
    expect(hasActed).toBe(true);
    expect(seqs).toEqual([1, 2, 3]);
    // Past 4 Mi characters the queue was dropped: the three came back in one read from the database.
    expect(batches).toHaveLength(1);
  });
});
