import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type World, fixture, isGroupAlive, startWorld } from "./world";

// A real agent process that spends past its task's budget: stopped by its runner, the budget noted.
let world: World;

beforeAll(async () => {
  world = await startWorld({ heartbeatMs: 300 });
});
afterAll(async () => {
  await world?.close();
});

describe("a task's budget with a live agent", () => {
  it("stops the agent's process group once its reported cost reaches the budget", { timeout: 60_000 }, async () => {
    const pids = join(world.home, "spender.pids");
    await world.client.agent.add.mutate({
      name: "spender",
      adapter: "claude-code",
      command: [fixture("spending-agent.sh"), pids],
    });
    const task = await world.client.task.create.mutate({ projectId: "RUN", title: "spend", budgetUsd: 1 });
    const session = await world.client.session.start.mutate({ taskIds: [task.id], agent: "spender" });

    const ended = await world.waitForEnd(session.id, 30_000);
    expect(ended).toMatchObject({
      status: "cancelled",
      endReason: "budget",
      costUsd: 1.2,
      tokensIn: 200,
      tokensOut: 100,
    });
    const pid = Number(readFileSync(pids, "utf8").trim());
    await world.waitFor(
      async () => isGroupAlive(pid),
      (alive) => !alive,
      10_000,
    );
    const reached = (await world.allEvents()).filter((event) => event.kind === "budget.reached");
    expect(reached.map((event) => event.payload)).toEqual([
      { scope: "task", key: task.key, metric: "usd", spent: 1.2, limit: 1, stopped: [session.id] },
    ]);
    expect((await world.client.task.why.query({ id: task.id })).text).toBe(
      `budget reached: $1.20 of $1.00 (task ${task.key})`,
    );
  });
});
