import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAlive } from "../src/index";
import { type World, fixture, startWorld } from "./world";

// A session the server ended while its runner was out of touch (a restarted server, a lease that
// ran out) is no longer the runner's: its next heartbeat is answered "stop", and the runner stops
// the agent's whole group rather than leave it running with nobody to report to; its end, then
// refused (the lease is fenced), is not tried again.

let world: World;

beforeAll(async () => {
  // The lease (1 s) runs out long before the runner's first heartbeat (4 s).
  world = await startWorld({ heartbeatMs: 4_000 }, { leaseMs: 1_000 });
  await world.client.agent.add.mutate({ name: "tree", adapter: "custom", command: [fixture("tree-agent.sh")] });
});

afterAll(async () => {
  await world?.close();
});

describe("a heartbeat answered stop", { timeout: 30_000 }, () => {
  it("stops the agent of a session the server no longer counts as the runner's", async () => {
    const session = await world.runTask("tree");
    const log = await world.waitFor(
      () => world.logText(session.id),
      (text) => /grandchild \d+/.test(text),
    );
    const grandchildPid = Number(/grandchild (\d+)/.exec(log)![1]);
    const ended = await world.waitForEnd(session.id);
    expect(ended).toMatchObject({ status: "interrupted", endReason: "runner_lost" });

    await world.waitFor(
      async () => isAlive(grandchildPid),
      (alive) => !alive,
      15_000,
    );
    await world.waitFor(
      async () => world.runnerLog.join("\n"),
      (text) => /the server refused its end, not trying again/.test(text),
    );
  });
});
