import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FinishInput, Session } from "@maestro/domain";
import { describeEndReason } from "@maestro/domain";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { requestStop } from "../src/services/session/stop-session";
import { sweepSessions } from "../src/services/session/watchdog";
import { inTransaction } from "../src/services/unit-of-work";
import { type World, makeWorld } from "./helpers";

// A stopped (or finished) parent session takes its delegated children with it.
let world: World;
let dir: string;
beforeEach(async () => {
  world = await makeWorld("owner");
  dir = mkdtempSync(join(tmpdir(), "maestro-children-"));
  await world.caller.project.create({ name: "Web", rootDir: dir, key: "WEB" });
  await world.caller.project.update({ id: "WEB", settings: { concurrencyLimit: 8 } });
  await world.caller.agent.add({ name: "script", adapter: "custom", command: ["/bin/echo", "{promptFile}"] });
  for (const title of ["Lead", "Child", "Grandchild"]) {
    await world.caller.task.create({ projectId: "WEB", title, agent: "script" });
  }
});
afterEach(async () => {
  await world.close();
  rmSync(dir, { recursive: true, force: true });
});

type Ids = { sessionId: string; lease: number };
const byId = (id: string) => world.caller.session.byId({ id });
const id8 = (id: string) => id.slice(0, 8);

/** Plays the runner: claims the oldest queued session and reports its agent started. */
async function claimAndStart(): Promise<Ids> {
  const claim = (await world.caller.runner.claim({ runnerId: "r1" }))!;
  const ids = { sessionId: claim.session.id, lease: claim.lease };
  await world.caller.runner.started({ ...ids, pid: 999_999, cwd: dir, worktreePath: null, branch: null });
  return ids;
}

async function start(taskId: string, parentSessionId?: string): Promise<Session> {
  return world.caller.session.start({ taskIds: [taskId], ...(parentSessionId ? { parentSessionId } : {}) });
}

function finish(ids: Ids, facts: Partial<FinishInput> = {}): Promise<Session> {
  return world.caller.runner.finish({ ...ids, exitCode: null, signal: null, error: null, ...facts });
}

/** A running parent (WEB-1) with a running child (WEB-2) whose own child (WEB-3) is still queued. */
async function family(): Promise<{ parent: Ids; child: Ids; grandchildId: string }> {
  await start("WEB-1");
  const parent = await claimAndStart();
  await start("WEB-2", parent.sessionId);
  const child = await claimAndStart();
  const grandchild = await start("WEB-3", child.sessionId);
  return { parent, child, grandchildId: grandchild.id };
}

describe("stopping a parent session", () => {
  it("stops its live and queued descendants in the same call, each stopped by its parent, no attempt used", async () => {
    const { parent, child, grandchildId } = await family();
    await world.caller.session.stop({ id: parent.sessionId });

    expect(await byId(child.sessionId)).toMatchObject({
      status: "running",
      stopRequested: true,
      stoppedBy: `session:${id8(parent.sessionId)}`,
    });
    const grandchild = await byId(grandchildId);
    expect(grandchild).toMatchObject({
      status: "cancelled",
      endReason: "stopped",
      stoppedBy: `session:${id8(child.sessionId)}`,
    });
    expect(describeEndReason(grandchild)).toBe(`stopped with its parent session ${id8(child.sessionId)}`);

    const ended = await finish(child, { signal: "SIGTERM" });
    expect(ended).toMatchObject({ status: "cancelled", endReason: "stopped" });
    expect(await world.caller.task.byId({ id: "WEB-2" })).toMatchObject({ status: "todo", failedAttempts: 0 });
    expect((await finish(parent, { signal: "SIGTERM" })).stoppedBy).toBe("owner");
  });

  it("a time limit's stop takes the children too", async () => {
    const { parent, child } = await family();
    await world.caller.task.update({ id: "WEB-1", timeoutSec: 60 });
    await sweepSessions(world.ctx, { leaseMs: 3_600_000 }, Date.now() + 61_000);
    expect(await byId(child.sessionId)).toMatchObject({
      stopRequested: true,
      stoppedBy: `session:${id8(parent.sessionId)}`,
    });
    expect((await finish(parent, { signal: "SIGTERM" })).endReason).toBe("timed_out");
    expect((await finish(child, { signal: "SIGTERM" })).endReason).toBe("stopped");
  });

  it("a stop asked of sessions listed before their parent's stop ended them leaves them as the parent left them", async () => {
    const { parent, grandchildId } = await family();
    // As a budget stops every session of its scope: the list was read before the first stop.
    const listed = [await byId(parent.sessionId), await byId(grandchildId)];
    await inTransaction(world.ctx, async (tx, record) => {
      for (const session of listed) await requestStop(tx, record, session, { stopReason: "budget", error: "budget" });
    });
    expect(await byId(grandchildId)).toMatchObject({ status: "cancelled", endReason: "stopped" });
  });
});

describe("a parent that ends on its own", () => {
  it("completing leaves the workers it started running: a coordinator may start them and exit", async () => {
    const { parent, child, grandchildId } = await family();
    expect(await finish(parent, { exitCode: 0 })).toMatchObject({ endReason: "completed" });
    expect(await byId(child.sessionId)).toMatchObject({ status: "running", stopRequested: false });
    expect(await byId(grandchildId)).toMatchObject({ status: "queued" });
  });

  it("one its runner lost keeps its children: its next session continues it", async () => {
    const { parent, child, grandchildId } = await family();
    expect(await finish(parent, { signal: "SIGTERM", interrupted: true })).toMatchObject({ endReason: "runner_lost" });
    expect(await byId(child.sessionId)).toMatchObject({ status: "running", stopRequested: false });
    expect(await byId(grandchildId)).toMatchObject({ status: "queued" });
  });
});
