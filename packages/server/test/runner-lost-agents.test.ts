import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sweepSessions } from "../src/services/session/watchdog";
import { ENGINE } from "./engine";
import { type World, makeWorld } from "./helpers";

// On PostgreSQL an instance killed with kill -9 leaves its embedded runner's agents behind; when
// the watchdog (of an instance on the same machine) ends their sessions runner_lost, it stops
// them, so an agent that ignores its broken output pipe does not work on beside the task's next
// session. Only agents of this machine's embedded runners: a remote runner's are its own to stop.
// SQLite (one server, its runner its own child) is unchanged.

const LEASE_MS = 30_000;
let world: World;
let dir: string;
const agents: ChildProcess[] = [];

beforeEach(async () => {
  world = await makeWorld();
  dir = mkdtempSync(join(tmpdir(), "maestro-runner-lost-"));
  await world.caller.project.create({ name: "Web", rootDir: dir, key: "WEB" });
  for (const title of ["One", "Two", "Three"]) {
    await world.caller.task.create({ projectId: "WEB", title, command: "true" });
  }
});
afterEach(async () => {
  for (const agent of agents.splice(0)) if (agent.exitCode === null && agent.signalCode === null) agent.kill("SIGKILL");
  await world.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A session of `taskId` claimed by `runnerId`, its agent a real process (its own group) carrying its session id. */
async function agentOf(taskId: string, runnerId: string) {
  const session = await world.caller.session.start({ taskIds: [taskId] });
  const claim = (await world.caller.runner.claim({ runnerId }))!;
  expect(claim.session.id).toBe(session.id);
  const agent = spawn("sleep", ["60"], {
    detached: true,
    stdio: "ignore",
    env: { ...process.env, MAESTRO_SESSION_ID: session.id },
  });
  agents.push(agent);
  const exited = new Promise<string | null>((resolve) => agent.once("exit", (_code, signal) => resolve(signal)));
  const lease = { sessionId: session.id, lease: claim.lease };
  await world.caller.runner.started({ ...lease, pid: agent.pid!, cwd: dir, worktreePath: null, branch: null });
  return { sessionId: session.id, agent, exited };
}

const isAlive = (agent: ChildProcess) => agent.exitCode === null && agent.signalCode === null;

describe("a session whose runner went silent (runner_lost)", () => {
  it("stops the agents a dead embedded runner of this machine left (PostgreSQL), and no others", async () => {
    const here = await agentOf("WEB-1", `serve:${hostname()}:4242`);
    const elsewhere = await agentOf("WEB-2", "serve:another-machine:4242");
    const remote = await agentOf("WEB-3", `${hostname()}:4343`);

    await sweepSessions(world.ctx, { leaseMs: LEASE_MS }, Date.now() + 2 * LEASE_MS);

    for (const { sessionId } of [here, elsewhere, remote]) {
      expect(await world.caller.session.byId({ id: sessionId })).toMatchObject({
        status: "interrupted",
        endReason: "runner_lost",
      });
    }
    if (ENGINE === "postgres") {
      expect(await here.exited).toBe("SIGKILL");
    } else {
      expect(isAlive(here.agent)).toBe(true);
    }
    // Killing is synchronous: whatever the sweep did not stop is still running now.
    expect(isAlive(elsewhere.agent)).toBe(true);
    expect(isAlive(remote.agent)).toBe(true);
  }, 20_000);
});
