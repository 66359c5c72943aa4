import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Session } from "@maestro/domain";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MEMORY_REPORT_MAX_AGE_MS } from "../src/memory-gauge";
import { schedulePass } from "../src/services/autopilot/scheduler";
import { type World, makeWorld } from "./helpers";

// Autopilot admits agents against the runners' memory reports (injected here through the
// runner's own heartbeat, never this machine's real figure), with real SQLite underneath.
let world: World;
let dir: string;

beforeEach(async () => {
  world = await makeWorld();
  dir = mkdtempSync(join(tmpdir(), "maestro-memory-"));
  await world.caller.project.create({ name: "Mem", rootDir: dir, key: "MEM" });
  await world.caller.autopilot.start({ projectId: "MEM" });
});
afterEach(async () => {
  await world.close();
  rmSync(dir, { recursive: true, force: true });
});

const pass = (now = Date.now()) => schedulePass(world.ctx, () => {}, now);
const report = (availableMemoryMb: number) =>
  world.caller.runner.heartbeat({ runnerId: "r1", sessions: [], availableMemoryMb });
const task = (title: string, agent?: string) =>
  world.caller.task.create({ projectId: "MEM", title, command: "true", ...(agent ? { agent } : {}) });
const why = async (key: string) => (await world.caller.task.why({ id: key })).text;

async function sessions(): Promise<Session[]> {
  return (await world.caller.session.list({ projectId: "MEM", limit: 100 })).items;
}

/** Plays the runner for the oldest queued session, reporting `peaks` in heartbeats and the finish. */
async function runMeasured(peaks: { heartbeat: number; finish: number }): Promise<Session> {
  const claim = (await world.caller.runner.claim({ runnerId: "r1" }))!;
  const ids = { sessionId: claim.session.id, lease: claim.lease };
  await world.caller.runner.started({ ...ids, pid: 999_999, cwd: dir, worktreePath: null, branch: null });
  await world.caller.runner.heartbeat({ runnerId: "r1", sessions: [{ ...ids, peakRssMb: peaks.heartbeat }] });
  return world.caller.runner.finish({ ...ids, exitCode: 0, signal: null, error: null, peakRssMb: peaks.finish });
}

describe("peak memory", () => {
  it("is published live on its first reading and on notable rises, stored quietly otherwise", async () => {
    await task("measured");
    await report(8_000);
    await pass();
    const claim = (await world.caller.runner.claim({ runnerId: "r1" }))!;
    const ids = { sessionId: claim.session.id, lease: claim.lease };
    await world.caller.runner.started({ ...ids, pid: 999_999, cwd: dir, worktreePath: null, branch: null });
    const published: Array<number | null> = [];
    world.events.onEvent((event) => {
      if (event.kind === "session.updated" && event.payload.changed.includes("peakRssMb")) {
        published.push(event.payload.session.peakRssMb);
      }
    });
    const beat = (peakRssMb: number) =>
      world.caller.runner.heartbeat({ runnerId: "r1", sessions: [{ ...ids, peakRssMb }] });
    for (const peak of [1_000, 1_050, 900, 1_200]) await beat(peak);
    expect(published).toEqual([1_000, 1_200]);
    expect((await world.caller.session.byId({ id: ids.sessionId })).peakRssMb).toBe(1_200);
  });
});

describe("memory-aware admission", () => {
  it("starts nothing while memory is short, says so, and starts once memory returns", async () => {
    await world.caller.agent.add({ name: "big", adapter: "custom", command: ["true"], memoryMb: 1_500 });
    await task("needs room", "big");
    await report(800);
    await pass();
    expect(await sessions()).toEqual([]);
    // The floor (1,024 by default) plus the profile's 1,500.
    expect(await why("MEM-1")).toBe("waiting for memory: 800 MB free, needs 2,524");
    const status = await world.caller.autopilot.status({ projectId: "MEM" });
    expect(status.queue.map((entry) => entry.text)).toEqual(["waiting for memory: 800 MB free, needs 2,524"]);
    expect(status.memory).toEqual({ availableMb: 800, floorMb: 1_024, pendingMb: 0 });

    await report(8_000);
    await pass();
    expect((await sessions()).map((session) => session.status)).toEqual(["queued"]);
  });

  it("counts agents started but not measured yet, so one reading does not admit a crowd", async () => {
    await world.caller.agent.add({ name: "big", adapter: "custom", command: ["true"], memoryMb: 1_000 });
    await task("one", "big");
    await task("two", "big");
    await report(3_000);
    await pass();
    expect(await sessions()).toHaveLength(1);
    // The next pass still sees the queued one's 1,000 MB as taken: the reading does not show it yet.
    await pass();
    expect(await sessions()).toHaveLength(1);
    expect(await why("MEM-2")).toBe("waiting for memory: 2,000 MB free, needs 2,024");
  });

  it("learns a profile's footprint from the peak memory of its recent sessions", async () => {
    await world.caller.agent.add({ name: "learner", adapter: "custom", command: ["true"] });
    expect((await world.caller.agent.byName({ name: "learner" })).footprint).toBeNull();
    await task("first", "learner");
    await report(8_000);
    await pass();
    // A later, lower report never lowers the peak.
    const measured = await runMeasured({ heartbeat: 1_500, finish: 900 });
    expect(measured.peakRssMb).toBe(1_500);
    expect((await world.caller.agent.byName({ name: "learner" })).footprint).toEqual({ mb: 1_500, source: "learned" });

    await task("second", "learner");
    await report(2_000);
    await pass();
    expect(await why("MEM-2")).toBe("waiting for memory: 2,000 MB free, needs 2,524");
    // A footprint set on the profile wins over the learned one.
    await world.caller.agent.update({ name: "learner", memoryMb: 512 });
    const { items } = await world.caller.agent.list({});
    expect(items.find((agent) => agent.name === "learner")?.footprint).toEqual({ mb: 512, source: "set" });
    await pass();
    expect((await sessions()).map((session) => session.status)).toEqual(["queued", "succeeded"]);
  });

  it("has no memory check without a fresh report (no runner alive to start anything)", async () => {
    await task("anything");
    const now = Date.now();
    await report(10);
    await pass(now);
    expect(await sessions()).toEqual([]);
    await pass(now + MEMORY_REPORT_MAX_AGE_MS + 1_000);
    expect(await sessions()).toHaveLength(1);
  });
});
