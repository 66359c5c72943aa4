import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { updateSession } from "@maestro/db";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { schedulePass } from "../src/services/autopilot/scheduler";
import { type World, makeWorld } from "./helpers";

// Regression: under autopilot a person's stop sent the task back to todo and the next pass (2 s
// later) started it again. A stop now holds the task until a person releases it.
let world: World;
let dir: string;
beforeEach(async () => {
  world = await makeWorld("owner");
  dir = mkdtempSync(join(tmpdir(), "maestro-stop-holds-"));
  await world.caller.project.create({ name: "Web", rootDir: dir, key: "WEB" });
  await world.caller.agent.add({ name: "script", adapter: "custom", command: ["/bin/echo", "{promptFile}"] });
  await world.caller.task.create({ projectId: "WEB", title: "Build it", agent: "script" });
  await world.caller.autopilot.start({ projectId: "WEB" });
});
afterEach(async () => {
  await world.close();
  rmSync(dir, { recursive: true, force: true });
});

const task = () => world.caller.task.byId({ id: "WEB-1" });
const pass = () => schedulePass(world.ctx, () => {});
const clock = (iso: string) => new Date(iso).toISOString().slice(11, 16);

async function sessionCount(): Promise<number> {
  return (await world.caller.session.list({ projectId: "WEB", limit: 100 })).items.length;
}

/** Lets autopilot start the task, plays the runner up to a running agent, and returns the session's lease. */
async function autopilotStarts(): Promise<{ sessionId: string; lease: number }> {
  await pass();
  const claim = (await world.caller.runner.claim({ runnerId: "r1" }))!;
  const ids = { sessionId: claim.session.id, lease: claim.lease };
  await world.caller.runner.started({ ...ids, pid: 999_999, cwd: dir, worktreePath: null, branch: null });
  return ids;
}

async function stopAndFinish(ids: { sessionId: string; lease: number }): Promise<void> {
  await world.caller.session.stop({ id: ids.sessionId });
  await world.caller.runner.finish({ ...ids, exitCode: null, signal: "SIGTERM", error: null });
}

describe("a stop under autopilot holds the task", () => {
  it("is not started again on the next pass; why says held, by whom and how to release it", async () => {
    await stopAndFinish(await autopilotStarts());
    const held = await task();
    expect(held).toMatchObject({ status: "todo", heldAt: expect.any(String), heldBy: "owner", failedAttempts: 0 });
    await pass();
    await pass();
    expect(await sessionCount()).toBe(1);
    const text = `held: stopped by owner at ${clock(held.heldAt!)} UTC; run maestro task retry WEB-1 to let autopilot run it`;
    expect((await world.caller.task.why({ id: "WEB-1" })).text).toBe(text);
    const status = await world.caller.autopilot.status({ projectId: "WEB", taskIds: ["WEB-1"] });
    expect(status.tasks.find((entry) => entry.key === "WEB-1")?.text).toBe(text);
  });

  it("task retry releases it and autopilot starts it", async () => {
    await stopAndFinish(await autopilotStarts());
    const retried = await world.caller.task.retry({ id: "WEB-1" });
    expect(retried).toMatchObject({ task: { status: "todo", heldAt: null, heldBy: null }, session: null });
    await pass();
    expect(await sessionCount()).toBe(2);
    expect((await world.caller.task.why({ id: "WEB-1" })).text).toMatch(/^running|^starting/);
  });

  it("a manual start, or a status change, releases it too", async () => {
    await stopAndFinish(await autopilotStarts());
    await world.caller.session.start({ taskIds: ["WEB-1"] });
    expect((await task()).heldAt).toBeNull();

    const second = await world.caller.runner.claim({ runnerId: "r1" });
    await world.caller.runner.started({
      sessionId: second!.session.id,
      lease: second!.lease,
      pid: 999_998,
      cwd: dir,
      worktreePath: null,
      branch: null,
    });
    await stopAndFinish({ sessionId: second!.session.id, lease: second!.lease });
    expect((await task()).heldBy).toBe("owner");
    await world.caller.task.update({ id: "WEB-1", status: "blocked" });
    expect(await task()).toMatchObject({ status: "blocked", heldAt: null, heldBy: null });
  });

  it("a stop of a session still queued holds it too, and so does a stop while autopilot is paused", async () => {
    await pass();
    const [queued] = (await world.caller.session.list({ projectId: "WEB", limit: 1 })).items;
    await world.caller.autopilot.pause({ projectId: "WEB" });
    await world.caller.session.stop({ id: queued!.id });
    expect(await task()).toMatchObject({ status: "todo", heldBy: "owner" });
    await world.caller.autopilot.start({ projectId: "WEB" });
    await pass();
    expect(await sessionCount()).toBe(1);
  });
});

describe("stops that do not hold", () => {
  it("a budget stop is not a hold: the task is free to run again when its budget allows", async () => {
    const ids = await autopilotStarts();
    // The budgets verb asks for this stop; here it is asked for directly, with no budget reached.
    await world.database.transaction((tx) =>
      updateSession(tx, ids.sessionId, { stopRequested: true, stopReason: "budget" }),
    );
    await world.caller.runner.finish({ ...ids, exitCode: null, signal: "SIGTERM", error: null });
    expect(await task()).toMatchObject({ status: "todo", heldAt: null });
    await pass();
    expect(await sessionCount()).toBe(2);
  });

  it("without autopilot a stop holds nothing: nothing would start the task anyway", async () => {
    await world.caller.project.create({ name: "Ops", rootDir: dir, key: "OPS" });
    await world.caller.task.create({ projectId: "OPS", title: "Other", agent: "script" });
    const session = await world.caller.session.start({ taskIds: ["OPS-1"] });
    await world.caller.session.stop({ id: session.id });
    expect(await world.caller.task.byId({ id: "OPS-1" })).toMatchObject({ status: "todo", heldAt: null });
  });
});
