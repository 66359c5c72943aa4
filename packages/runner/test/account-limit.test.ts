import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type World, fixture, startWorld } from "./world";

// Real processes: an agent prints Claude's usage-limit line (resetting 3 s later); its account's other profile waits.
let world: World;

beforeAll(async () => {
  world = await startWorld({ heartbeatMs: 60_000 });
});
afterAll(async () => {
  await world?.close();
});

describe("a usage limit across the profiles of one account", () => {
  it(
    "starts no agent of the account until the reset, while another account's agent runs",
    { timeout: 60_000 },
    async () => {
      const project = await world.client.project.create.mutate({
        name: "Accounts",
        rootDir: world.rootDir,
        key: "ACC",
      });
      const add = (name: string, command: string[], account: string | null) =>
        world.client.agent.add.mutate({ name, adapter: "custom", command, account });
      await add("limited", [fixture("usage-limit-agent.sh"), join(world.home, "limit.count")], "acme");
      await add("sibling", [fixture("plain-agent.sh"), "{promptFile}"], "acme");
      await add("outsider", [fixture("plain-agent.sh"), "{promptFile}"], null);
      const create = (title: string, agent: string) =>
        world.client.task.create.mutate({ projectId: project.id, title, agent });
      const limited = await create("hits the limit", "limited");
      const sibling = await create("same account", "sibling");
      const outsider = await create("another account", "outsider");
      await world.client.autopilot.start.mutate({ projectId: project.id, maxConcurrent: 1 });

      const done = await world.waitFor(
        async () => (await world.client.task.list.query({ projectId: project.id })).items,
        (tasks) => tasks.every((task) => task.status === "done"),
        30_000,
      );
      expect(done).toHaveLength(3);
      const { items: sessions } = await world.client.session.list.query({ projectId: project.id, limit: 10 });
      const of = (taskId: string) => sessions.find((session) => session.taskIds[0] === taskId)!;
      const resumed = of(limited.id);
      expect(resumed.resumeReason).toBe("it was paused by a usage limit, which has now reset");
      // The pause ended about 3 s after the limit was printed; the limited agent's second run began after it.
      const pauseEnd = Date.parse(resumed.startedAt!);
      expect(Date.parse(of(outsider.id).createdAt)).toBeLessThan(pauseEnd);
      expect(Date.parse(of(sibling.id).createdAt)).toBeGreaterThanOrEqual(pauseEnd - 1_000);
    },
  );
});
