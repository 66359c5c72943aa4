import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { reconcileLiveSessions } from "../src/services/session/reconcile-live-sessions";
import { sweepSessions } from "../src/services/session/watchdog";
import { ENGINE } from "./engine";
import { type World, makeWorld } from "./helpers";

// R2: a server starting again ends at once only what died with it (its embedded runner's
// sessions); a remote runner may have outlived it, so its sessions get one lease from start-up.
// On PostgreSQL other instances share the database: an embedded runner's session may be another
// live instance's, so an instance starting ends none (the watchdog ends a silent one's).

const LEASE_MS = 30_000;
let world: World;
let dir: string;

beforeEach(async () => {
  world = await makeWorld();
  dir = mkdtempSync(join(tmpdir(), "maestro-reconcile-"));
  await world.caller.project.create({ name: "Web", rootDir: dir, key: "WEB" });
  await world.caller.task.create({ projectId: "WEB", title: "One", command: "true" });
  await world.caller.task.create({ projectId: "WEB", title: "Two", command: "true" });
});
afterEach(async () => {
  await world.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A session of `taskId` claimed by `runnerId` and running (its agent reported started). */
async function runningOn(taskId: string, runnerId: string) {
  const session = await world.caller.session.start({ taskIds: [taskId] });
  const claim = (await world.caller.runner.claim({ runnerId }))!;
  const lease = { sessionId: session.id, lease: claim.lease };
  await world.caller.runner.started({ ...lease, pid: 999999, cwd: dir, worktreePath: null, branch: null });
  return lease;
}

const byId = (id: string) => world.caller.session.byId({ id });

describe("reconciling live sessions at start-up", () => {
  it("interrupts serve's embedded runner's sessions at once (SQLite) and leaves a remote runner's live", async () => {
    const embedded = await runningOn("WEB-1", "serve:host:100");
    const remote = await runningOn("WEB-2", "build-box:200");

    const { orphans, awaited } = await reconcileLiveSessions(world.ctx);

    if (ENGINE === "sqlite") {
      expect(orphans).toEqual([{ sessionId: embedded.sessionId, pid: 999999 }]);
      expect(awaited).toBe(1);
      expect(await byId(embedded.sessionId)).toMatchObject({ status: "interrupted", endReason: "server_restart" });
    } else {
      // Maybe another instance's runner: it keeps its session while it heartbeats.
      expect(orphans).toEqual([]);
      expect(awaited).toBe(2);
      expect(await byId(embedded.sessionId)).toMatchObject({ status: "running", endReason: null });
    }
    expect(await byId(remote.sessionId)).toMatchObject({ status: "running", endReason: null });
  });

  it("leaves a queued session queued, for the next runner to claim", async () => {
    const queued = await world.caller.session.start({ taskIds: ["WEB-1"] });

    const { orphans, awaited } = await reconcileLiveSessions(world.ctx);

    expect(orphans).toEqual([]);
    expect(awaited).toBe(0);
    expect(await byId(queued.id)).toMatchObject({ status: "queued", endReason: null });
  });

  it("ends a silent embedded runner's session runner_lost one lease after start-up on PostgreSQL", async () => {
    const embedded = await runningOn("WEB-1", "serve:other-host:100");
    const startedAt = Date.now() + 5 * LEASE_MS;
    await reconcileLiveSessions(world.ctx, new Date(startedAt));

    await sweepSessions(world.ctx, { leaseMs: LEASE_MS }, startedAt + LEASE_MS - 1_000);
    // SQLite ended it at start-up already; PostgreSQL gave its runner one lease.
    expect(await byId(embedded.sessionId)).toMatchObject(
      ENGINE === "sqlite" ? { status: "interrupted", endReason: "server_restart" } : { status: "running" },
    );
    await sweepSessions(world.ctx, { leaseMs: LEASE_MS }, startedAt + LEASE_MS + 1_000);
    expect(await byId(embedded.sessionId)).toMatchObject({
      status: "interrupted",
      endReason: ENGINE === "sqlite" ? "server_restart" : "runner_lost",
    });
  });

  it("lets the remote runner finish it after the restart: it ends completed and its task is done", async () => {
    const remote = await runningOn("WEB-2", "build-box:200");
    await reconcileLiveSessions(world.ctx);

    await world.caller.runner.finish({ ...remote, exitCode: 0, signal: null, error: null });

    expect(await byId(remote.sessionId)).toMatchObject({ status: "succeeded", endReason: "completed" });
    expect(await world.caller.task.byId({ id: "WEB-2" })).toMatchObject({ status: "done" });
  });

  it("starts the remote session's lease again at start-up, and ends it runner_lost if its runner stays silent", async () => {
    const remote = await runningOn("WEB-2", "build-box:200");
    // The server was down longer than a lease: that silence was the server's, not the runner's.
    const restartedAt = Date.now() + 5 * LEASE_MS;
    await reconcileLiveSessions(world.ctx, new Date(restartedAt));

    await sweepSessions(world.ctx, { leaseMs: LEASE_MS }, restartedAt + LEASE_MS - 1_000);
    expect(await byId(remote.sessionId)).toMatchObject({ status: "running" });

    await sweepSessions(world.ctx, { leaseMs: LEASE_MS }, restartedAt + LEASE_MS + 1_000);
    expect(await byId(remote.sessionId)).toMatchObject({ status: "interrupted", endReason: "runner_lost" });
  });
});
