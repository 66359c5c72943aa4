import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type World, fixture, isGroupAlive, startWorld } from "./world";

// Silent agents with real processes: flagged stalled at half their stall limit, stopped at it.
let world: World;

beforeAll(async () => {
  world = await startWorld({ heartbeatMs: 300 });
});
afterAll(async () => {
  await world?.close();
});

const pidsIn = (file: string) => readFileSync(file, "utf8").trim().split("\n").map(Number);

/** Waits (generously) until none of the first `count` agents' process groups is left. */
const waitForGroupsGone = (file: string, count = 1) =>
  world.waitFor(
    async () => pidsIn(file).slice(0, count).filter(isGroupAlive),
    (alive) => alive.length === 0,
    10_000,
  );

async function stallProject(key: string, mode: "sleep" | "stop", maxAttempts: number) {
  const pids = join(world.home, `${key}.pids`);
  await world.client.agent.add.mutate({
    name: `silent-${key.toLowerCase()}`,
    adapter: "custom",
    command: [fixture("stall-agent.sh"), mode, pids],
  });
  const project = await world.client.project.create.mutate({ name: key, rootDir: world.rootDir, key });
  await world.client.project.update.mutate({
    id: project.id,
    settings: { stallSec: 8, maxAttempts, retryBaseSec: 1, retryMaxSec: 1 },
  });
  const task = await world.client.task.create.mutate({
    projectId: project.id,
    title: "go quiet",
    agent: `silent-${key.toLowerCase()}`,
  });
  return { project, task, pids };
}

describe("stalled agents", () => {
  it(
    "flags a silent agent stalled at half its limit, stops its process group at the limit, and retries it",
    { timeout: 90_000 },
    async () => {
      const { project, task, pids } = await stallProject("STA", "sleep", 2);
      await world.client.autopilot.start.mutate({ projectId: project.id });
      const listFirst = async () => (await world.client.session.list.query({ projectId: project.id })).items.at(-1);

      const flagged = await world.waitFor(listFirst, (session) => !!session?.stalledAt, 30_000);
      expect(flagged).toMatchObject({ status: "running", stalledAt: expect.any(String) });
      const ended = await world.waitForEnd(flagged!.id, 30_000);
      expect(ended).toMatchObject({
        status: "timed_out",
        endReason: "stalled",
        error: expect.stringMatching(/printed nothing/),
      });
      expect(await waitForGroupsGone(pids)).toEqual([]);

      // The second attempt stalls the same way and uses up the last attempt.
      const failed = await world.waitFor(
        () => world.client.task.byId.query({ id: task.id }),
        (current) => current.status === "failed",
        60_000,
      );
      expect(failed.failedAttempts).toBe(2);
      const sessions = (await world.client.session.list.query({ projectId: project.id })).items;
      expect(sessions.map((session) => session.status)).toEqual(["timed_out", "timed_out"]);
      expect(pidsIn(pids)).toHaveLength(2);
      expect(await waitForGroupsGone(pids, 2)).toEqual([]);
      await world.client.autopilot.pause.mutate({ projectId: project.id });
    },
  );

  it("catches an agent stopped with SIGSTOP the same way", { timeout: 60_000 }, async () => {
    const { task, pids } = await stallProject("STB", "stop", 1);
    const session = await world.client.session.start.mutate({ taskIds: [task.id] });
    const flagged = await world.waitFor(
      () => world.client.session.byId.query({ id: session.id }),
      (current) => !!current.stalledAt,
      30_000,
    );
    expect(flagged.status).toBe("running");
    const ended = await world.waitForEnd(session.id, 30_000);
    expect(ended).toMatchObject({
      status: "timed_out",
      endReason: "stalled",
      error: expect.stringMatching(/printed nothing/),
    });
    expect(await waitForGroupsGone(pids)).toEqual([]);
  });
});
