import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type World, fixture, startWorld } from "./world";

// A real process tree (agent → child → grandchild holding 100 MiB): its peak memory is recorded.
let world: World;
/** What this runner says its machine has available, MiB. */
let availableMb = 64 * 1024;

beforeAll(async () => {
  world = await startWorld({ heartbeatMs: 300, memorySampleMs: 100, readAvailableMemoryMb: () => availableMb });
});
afterAll(async () => {
  await world?.close();
});

describe("peak memory", () => {
  it("records the peak resident memory of the agent's whole process tree", { timeout: 30_000 }, async () => {
    await world.client.agent.add.mutate({
      name: "hungry",
      adapter: "custom",
      command: [fixture("memory-agent.mjs"), "2500"],
    });
    const started = await world.runTask("hungry");
    const ended = await world.waitForEnd(started.id, 20_000);
    expect(ended.status).toBe("succeeded");
    expect(await world.logText(started.id, "stdout")).toContain("held 104857600 bytes");
    // The buffer alone is 100 MiB; three node processes add their own.
    expect(ended.peakRssMb).toBeGreaterThanOrEqual(100);
  });

  it("reports it while the agent runs, not only at its end", { timeout: 30_000 }, async () => {
    const started = await world.runTask("hungry", "watch it grow");
    const seen = await world.waitFor(
      () => world.client.session.byId.query({ id: started.id }),
      (session) => (session.peakRssMb ?? 0) >= 100 || session.status === "succeeded",
      20_000,
    );
    expect(seen.status).toBe("running");
    expect(seen.peakRssMb).toBeGreaterThanOrEqual(100);
    await world.waitForEnd(started.id, 20_000);
  });

  it(
    "holds autopilot while the runner reports too little memory, and starts once it reports enough",
    { timeout: 30_000 },
    async () => {
      availableMb = 500;
      const why = () => world.client.task.why.query({ id: "MEM-1" });
      await world.client.project.create.mutate({ name: "Mem", rootDir: world.rootDir, key: "MEM" });
      await world.client.task.create.mutate({ projectId: "MEM", title: "small", command: "true", agent: "shell" });
      await new Promise((resolve) => setTimeout(resolve, 600));
      await world.client.autopilot.start.mutate({ projectId: "MEM" });
      const held = await world.waitFor(why, (reason) => reason.text.startsWith("waiting for memory"));
      expect(held.text).toBe("waiting for memory: 500 MB free, needs 1,024");

      availableMb = 64 * 1024;
      const done = await world.waitFor(
        () => world.client.task.byId.query({ id: "MEM-1" }),
        (task) => task.status === "done",
        20_000,
      );
      expect(done.status).toBe("done");
    },
  );
});
