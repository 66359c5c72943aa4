import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { updateSession } from "@maestro/db";
import type { FinishInput, Session } from "@maestro/domain";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createContextInner } from "../src/context";
import { appRouter } from "../src/routers/app";
import { schedulePass } from "../src/services/autopilot/scheduler";
import { interruptOrphanedSessions } from "../src/services/session/stop-session";
import { sweepSessions } from "../src/services/session/watchdog";
import { createCallerFactory } from "../src/trpc";
import { type World, makeWorld } from "./helpers";

// Every way a session ends records why, and its task follows the retry rule of that reason.
let world: World;
let dir: string;
beforeEach(async () => {
  world = await makeWorld("owner");
  dir = mkdtempSync(join(tmpdir(), "maestro-end-reasons-"));
  await world.caller.project.create({ name: "Web", rootDir: dir, key: "WEB" });
  await world.caller.project.update({ id: "WEB", settings: { maxAttempts: 3, retryBaseSec: 60, retryMaxSec: 60 } });
  await world.caller.agent.add({ name: "script", adapter: "custom", command: ["/bin/echo", "{promptFile}"] });
  await world.caller.task.create({ projectId: "WEB", title: "Build it", agent: "script" });
});
afterEach(async () => {
  await world.close();
  rmSync(dir, { recursive: true, force: true });
});

const task = () => world.caller.task.byId({ id: "WEB-1" });
const byId = (id: string) => world.caller.session.byId({ id });

/** Plays the runner: claims the queued session and reports its agent started. */
async function claimAndStart(): Promise<{ sessionId: string; lease: number }> {
  const claim = (await world.caller.runner.claim({ runnerId: "r1" }))!;
  const ids = { sessionId: claim.session.id, lease: claim.lease };
  await world.caller.runner.started({ ...ids, pid: 999_999, cwd: dir, worktreePath: null, branch: null });
  return ids;
}

async function startSession(): Promise<{ sessionId: string; lease: number }> {
  await world.caller.session.start({ taskIds: ["WEB-1"] });
  return claimAndStart();
}

function finish(ids: { sessionId: string; lease: number }, facts: Partial<FinishInput> = {}): Promise<Session> {
  return world.caller.runner.finish({ ...ids, exitCode: null, signal: null, error: null, ...facts });
}

describe("end reasons of a session's process", () => {
  it("exit 0 → completed; a non-zero exit → failed with the code, using an attempt", async () => {
    expect(await finish(await startSession(), { exitCode: 0 })).toMatchObject({
      status: "succeeded",
      endReason: "completed",
    });
    await world.caller.task.update({ id: "WEB-1", status: "todo" });
    await world.caller.autopilot.start({ projectId: "WEB" });
    await schedulePass(world.ctx, () => {});
    expect(await finish(await claimAndStart(), { exitCode: 2 })).toMatchObject({
      status: "failed",
      endReason: "failed",
      exitCode: 2,
      stoppedBy: null,
    });
    expect(await task()).toMatchObject({ status: "todo", failedAttempts: 1, retryAt: expect.any(String) });
  });

  it("a time limit → timed_out and a stall → stalled, each using an attempt", async () => {
    await world.caller.task.update({ id: "WEB-1", timeoutSec: 60 });
    const timed = await startSession();
    await sweepSessions(world.ctx, { leaseMs: 3_600_000 }, Date.now() + 61_000);
    expect(await finish(timed, { signal: "SIGTERM" })).toMatchObject({ status: "timed_out", endReason: "timed_out" });
    expect(await task()).toMatchObject({ status: "failed", failedAttempts: 1 });

    await world.caller.task.update({ id: "WEB-1", status: "todo", timeoutSec: null, stallSec: 60 });
    const stalled = await startSession();
    await sweepSessions(world.ctx, { leaseMs: 3_600_000 }, Date.now() + 61_000);
    const ended = await finish(stalled, { signal: "SIGTERM" });
    expect(ended).toMatchObject({ status: "timed_out", endReason: "stalled", stoppedBy: null });
    expect((await task()).failedAttempts).toBe(2);
  });

  it("a person's stop → stopped, naming them; the task goes back to todo without using an attempt", async () => {
    const ids = await startSession();
    await world.caller.session.stop({ id: ids.sessionId });
    const ended = await finish(ids, { signal: "SIGTERM" });
    expect(ended).toMatchObject({ status: "cancelled", endReason: "stopped", stoppedBy: "owner" });
    expect(await task()).toMatchObject({ status: "todo", failedAttempts: 0, retryAt: null });
  });

  it("names the agent that stopped a session it started, and a person who stopped a queued one", async () => {
    const parent = await startSession();
    await world.caller.task.create({ projectId: "WEB", title: "Delegated", agent: "script" });
    const child = await world.caller.session.start({ taskIds: ["WEB-2"], parentSessionId: parent.sessionId });
    const agentCtx = createContextInner({
      ...world.ctx,
      actor: `agent:${parent.sessionId.slice(0, 8)}`,
      principal: { kind: "agent", sessionId: parent.sessionId, projectId: child.projectId, taskIds: ["WEB-1"] },
    });
    const stopped = await createCallerFactory(appRouter)(agentCtx).session.stop({ id: child.id });
    expect(stopped).toMatchObject({ endReason: "stopped", stoppedBy: `agent:${parent.sessionId.slice(0, 8)}` });
  });

  it("an agent that stops its own session gave up: stopped, naming it, and it uses an attempt", async () => {
    await world.caller.autopilot.start({ projectId: "WEB" });
    await schedulePass(world.ctx, () => {});
    const ids = await claimAndStart();
    const self = `agent:${ids.sessionId.slice(0, 8)}`;
    const agentCtx = createContextInner({
      ...world.ctx,
      actor: self,
      principal: { kind: "agent", sessionId: ids.sessionId, projectId: (await task()).projectId, taskIds: ["WEB-1"] },
    });
    await createCallerFactory(appRouter)(agentCtx).session.stop({ id: ids.sessionId });
    const ended = await finish(ids, { signal: "SIGTERM" });
    expect(ended).toMatchObject({ status: "cancelled", endReason: "stopped", stoppedBy: self });
    expect(await task()).toMatchObject({ status: "todo", failedAttempts: 1, retryAt: expect.any(String) });
  });

  it("a budget stop → budget: cancelled, back to todo, no attempt used and no retry", async () => {
    await world.caller.autopilot.start({ projectId: "WEB" });
    await schedulePass(world.ctx, () => {});
    const ids = await claimAndStart();
    // The budgets verb asks for this stop; here it is asked for directly.
    await world.database.transaction((tx) =>
      updateSession(tx, ids.sessionId, { stopRequested: true, stopReason: "budget" }),
    );
    const ended = await finish(ids, { signal: "SIGTERM" });
    expect(ended).toMatchObject({ status: "cancelled", endReason: "budget", error: "stopped: its budget was reached" });
    expect(await task()).toMatchObject({ status: "todo", failedAttempts: 0, retryAt: null });
  });

  it("a usage limit keeps the session waiting (no end reason); cancelling the wait ends it usage_limit", async () => {
    const ids = await startSession();
    const events = [{ type: "usage_limit" as const, message: "usage limit reached", resetAt: null }];
    await world.caller.runner.log({ ...ids, chunks: [{ stream: "stdout", text: "limit\n" }], events });
    expect(await finish(ids, { exitCode: 1 })).toMatchObject({ status: "waiting", endReason: null });
    const ended = await world.caller.session.stop({ id: ids.sessionId });
    expect(ended).toMatchObject({
      status: "cancelled",
      endReason: "usage_limit",
      stoppedBy: "owner",
      error: expect.stringMatching(/hit a usage limit/),
    });
    expect(await task()).toMatchObject({ status: "todo", failedAttempts: 0 });
  });
});

describe("end reasons Maestro decides", () => {
  it("a runner that stops heartbeating → runner_lost, retried without using an attempt, continuing the session", async () => {
    await world.caller.autopilot.start({ projectId: "WEB" });
    await schedulePass(world.ctx, () => {});
    const ids = await claimAndStart();
    await sweepSessions(world.ctx, { leaseMs: 30_000 }, Date.now() + 31_000);
    expect(await byId(ids.sessionId)).toMatchObject({ status: "interrupted", endReason: "runner_lost" });
    expect(await task()).toMatchObject({ status: "todo", failedAttempts: 0, retryAt: null });
    await schedulePass(world.ctx, () => {});
    const { items } = await world.caller.session.list({ projectId: "WEB", status: "queued" });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ resumedFromId: ids.sessionId, attempt: 2 });
  });

  it("free ends are capped: after 3 in a row the next uses an attempt, and task why says so", async () => {
    await world.caller.autopilot.start({ projectId: "WEB" });
    const loseRunner = async () => {
      await schedulePass(world.ctx, () => {});
      const ids = await claimAndStart();
      await sweepSessions(world.ctx, { leaseMs: 30_000 }, Date.now() + 31_000);
      return byId(ids.sessionId);
    };
    for (let free = 1; free <= 3; free += 1) {
      expect(await loseRunner()).toMatchObject({ endReason: "runner_lost" });
      expect(await task()).toMatchObject({ status: "todo", failedAttempts: 0, retryAt: null });
    }
    const counted = await loseRunner();
    expect(counted).toMatchObject({
      status: "interrupted",
      endReason: "runner_lost",
      error: "its runner was lost 4 times in a row; counted as a failed attempt",
    });
    expect(await task()).toMatchObject({ status: "todo", failedAttempts: 1, retryAt: expect.any(String) });
    const why = await world.caller.task.why({ id: "WEB-1" });
    expect(why.lastSession?.text).toBe("its runner was lost 4 times in a row; counted as a failed attempt");
  });

  it("a runner that shuts down under its agent → runner_lost (server_restart with its server); a stop stays a stop", async () => {
    const ids = await startSession();
    expect(await finish(ids, { signal: "SIGTERM", interrupted: true })).toMatchObject({ endReason: "runner_lost" });
    const withServer = await startSession();
    const ended = await finish(withServer, { signal: "SIGTERM", interrupted: true, isServerStopping: true });
    expect(ended).toMatchObject({ status: "interrupted", endReason: "server_restart" });
    await world.caller.task.update({ id: "WEB-1", status: "todo" });
    const stopped = await startSession();
    await world.caller.session.stop({ id: stopped.sessionId });
    expect(await finish(stopped, { signal: "SIGTERM", interrupted: true })).toMatchObject({ endReason: "stopped" });
  });

  it("a stop asked for before the runner or the server went away stays that stop", async () => {
    const stopped = await startSession();
    await world.caller.session.stop({ id: stopped.sessionId });
    await sweepSessions(world.ctx, { leaseMs: 30_000 }, Date.now() + 31_000);
    expect(await byId(stopped.sessionId)).toMatchObject({
      status: "cancelled",
      endReason: "stopped",
      stoppedBy: "owner",
    });
    expect(await task()).toMatchObject({ status: "todo", failedAttempts: 0 });

    await world.caller.task.update({ id: "WEB-1", stallSec: 60 });
    const stalled = await startSession();
    await sweepSessions(world.ctx, { leaseMs: 3_600_000 }, Date.now() + 61_000);
    await interruptOrphanedSessions(world.ctx);
    expect(await byId(stalled.sessionId)).toMatchObject({ status: "timed_out", endReason: "stalled" });
    expect(await task()).toMatchObject({ failedAttempts: 1 });

    await world.caller.task.update({ id: "WEB-1", status: "todo", stallSec: null });
    const limited = await startSession();
    const events = [{ type: "usage_limit" as const, message: "usage limit reached", resetAt: null }];
    await world.caller.runner.log({ ...limited, chunks: [{ stream: "stdout", text: "limit\n" }], events });
    await interruptOrphanedSessions(world.ctx);
    expect(await byId(limited.sessionId)).toMatchObject({ status: "waiting", endReason: null });
  });

  it("a session live when the server started again → server_restart, without using an attempt", async () => {
    const ids = await startSession();
    await interruptOrphanedSessions(world.ctx);
    expect(await byId(ids.sessionId)).toMatchObject({ status: "interrupted", endReason: "server_restart" });
    expect(await task()).toMatchObject({ status: "todo", failedAttempts: 0 });
  });

  it("an agent that could not be started → spawn_failed: the task fails at once, never retried", async () => {
    await world.caller.autopilot.start({ projectId: "WEB" });
    await schedulePass(world.ctx, () => {});
    const ids = await claimAndStart();
    const error = "executable claude not found on the runner's PATH; install it or set the profile's command";
    const ended = await finish(ids, { error, spawnFailed: true });
    expect(ended).toMatchObject({ status: "failed", endReason: "spawn_failed", error });
    expect(await task()).toMatchObject({ status: "failed", failedAttempts: 1, retryAt: null });
    await schedulePass(world.ctx, () => {});
    expect((await world.caller.session.list({ projectId: "WEB", status: "queued" })).items).toEqual([]);
    expect((await world.caller.task.why({ id: "WEB-1" })).lastSession).toEqual({
      sessionId: ids.sessionId,
      endReason: "spawn_failed",
      text: `could not start: ${error}`,
    });
  });

  it("a queued session whose agent profile was removed → spawn_failed when claimed", async () => {
    const session = await world.caller.session.start({ taskIds: ["WEB-1"] });
    await world.caller.agent.remove({ name: "script" });
    expect(await world.caller.runner.claim({ runnerId: "r1" })).toBeNull();
    expect(await byId(session.id)).toMatchObject({ status: "failed", endReason: "spawn_failed" });
  });
});
