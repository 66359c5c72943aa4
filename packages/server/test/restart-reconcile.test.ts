import { hostname, tmpdir } from "node:os";
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { reconcileLiveSessions } from "../src/services/session/reconcile-live-sessions";
import { sweepSessions } from "../src/services/session/watchdog";
import { type World, makeWorld } from "./helpers";

// R2: a server starting again ends at once only what died with it (its embedded runner's
// sessions); a remote runner may have outlived it, so its sessions get one lease from start-up.

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
  it("interrupts serve's embedded runner's sessions at once and leaves a remote runner's live", async () => {
    // The last server's embedded runner, on this machine, its process gone (on PostgreSQL, where
    // other instances may be running, that is what says it died with its server).
    const embedded = await runningOn("WEB-1", `serve:${hostname()}:${2 ** 22 + 17}`);
    const remote = await runningOn("WEB-2", "build-box:200");

    const { orphans, awaited } = await reconcileLiveSessions(world.ctx);

    expect(orphans).toEqual([{ sessionId: embedded.sessionId, pid: 999999 }]);
    expect(awaited).toBe(1);
    expect(await byId(embedded.sessionId)).toMatchObject({ status: "interrupted", endReason: "server_restart" });
    expect(await byId(remote.sessionId)).toMatchObject({ status: "running", endReason: null });
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
