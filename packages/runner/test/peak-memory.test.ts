import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type World, fixture, startWorld } from "./world";

// A real process tree (agent → child → grandchild holding 100 MiB): its peak memory is recorded.
let world: World;

beforeAll(async () => {
  world = await startWorld({ heartbeatMs: 300, memorySampleMs: 100 });
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
});
