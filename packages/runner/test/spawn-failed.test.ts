import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeEndReason } from "@maestro/domain";
import { type World, startWorld } from "./world";

// The server finds `git` on its PATH, so it queues the session; this runner's PATH has no `git`,
// so the launch fails the way a missing `claude` would on a runner machine.
let world: World;

beforeAll(async () => {
  world = await startWorld({ env: { PATH: "/nonexistent-maestro-bin" } });
});
afterAll(async () => {
  await world?.close();
});

describe("an agent whose executable the runner cannot find", () => {
  it(
    "ends spawn_failed saying what to fix, fails its task at once and is not retried",
    { timeout: 30_000 },
    async () => {
      await world.client.agent.add.mutate({ name: "no-git", adapter: "custom", command: ["git", "--version"] });
      const project = await world.client.project.create.mutate({ name: "Spawn", rootDir: world.rootDir, key: "SPF" });
      await world.client.project.update.mutate({
        id: project.id,
        settings: { maxAttempts: 3, retryBaseSec: 1, retryMaxSec: 1 },
      });
      const task = await world.client.task.create.mutate({
        projectId: project.id,
        title: "never starts",
        agent: "no-git",
      });
      await world.client.autopilot.start.mutate({ projectId: project.id });

      const failed = await world.waitFor(
        () => world.client.task.byId.query({ id: task.id }),
        (current) => current.status === "failed",
        20_000,
      );
      await world.client.autopilot.pause.mutate({ projectId: project.id });
      expect(failed).toMatchObject({ failedAttempts: 1, retryAt: null });
      const sessions = (await world.client.session.list.query({ projectId: project.id })).items;
      expect(sessions).toHaveLength(1);
      expect(sessions[0]).toMatchObject({ status: "failed", endReason: "spawn_failed", exitCode: null });
      expect(describeEndReason(sessions[0]!)).toBe(
        "could not start: executable git not found on the runner's PATH; install it or set the profile's command",
      );
      const why = await world.client.task.why.query({ id: task.id });
      expect(why.lastSession?.text).toMatch(/^could not start: executable git not found/);
    },
  );
});
