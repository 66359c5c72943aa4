import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AgentEvent } from "@maestro/domain";
import { type World, makeWorld } from "./helpers";

let world: World;
let dir: string;
beforeEach(async () => {
  world = await makeWorld();
  dir = mkdtempSync(join(tmpdir(), "maestro-cost-"));
  await world.caller.project.create({ name: "Web", rootDir: dir, key: "WEB" });
  for (const title of ["One", "Two", "Three"]) await world.caller.task.create({ projectId: "WEB", title });
  // The tools are never run here (no runner claims for real): any executable stands in.
  const command = ["/bin/true"];
  await world.caller.agent.add({ name: "gem", adapter: "gemini", model: "gemini-2.5-pro", command });
  await world.caller.agent.add({ name: "oc", adapter: "opencode", model: "anthropic/claude-sonnet-4-5", command });
  await world.caller.agent.add({ name: "cx", adapter: "codex", command });
  await world.caller.agent.add({ name: "mystery", adapter: "custom", command });
});
afterEach(async () => {
  await world.close();
  rmSync(dir, { recursive: true, force: true });
});

async function runSession(agent: string, taskId = "WEB-1") {
  const session = await world.caller.session.start({ taskIds: [taskId], agent });
  const claim = (await world.caller.runner.claim({ runnerId: "r1" }))!;
  const log = (events: AgentEvent[]) =>
    world.caller.runner.log({ sessionId: session.id, lease: claim.lease, chunks: [], events });
  return { session, claim, log };
}

const tokens = (fields: Partial<Extract<AgentEvent, { type: "usage" }>>): AgentEvent => ({
  type: "usage",
  costUsd: null,
  tokensIn: 0,
  tokensOut: 0,
  agentSessionId: null,
  ...fields,
});

describe("cost of agents that report tokens only", () => {
  it("prices tokens at the usage's own model, else the profile's, and marks the cost an estimate", async () => {
    const gem = await runSession("gem", "WEB-1");
    // gemini-2.5-flash: $0.30 in, $0.03 cached, $2.50 out per million.
    await gem.log([
      tokens({ tokensIn: 1_000_000, tokensCached: 500_000, tokensOut: 100_000, model: "gemini-2.5-flash" }),
    ]);
    const priced = await world.caller.session.byId({ id: gem.session.id });
    expect(priced.costUsd).toBeCloseTo(0.15 + 0.015 + 0.25, 10);
    expect(priced.costIsEstimate).toBe(true);

    const oc = await runSession("oc", "WEB-2");
    await oc.log([tokens({ tokensIn: 2_000, tokensOut: 1_000 })]);
    expect(await world.caller.session.byId({ id: oc.session.id })).toMatchObject({
      costUsd: expect.closeTo(0.021, 10),
      costIsEstimate: true,
    });
  });

  it("takes the adapter's default model when neither the usage nor the profile names one (Codex)", async () => {
    const codex = await runSession("cx");
    await codex.log([tokens({ tokensIn: 1_000_000, tokensOut: 0, agentSessionId: "thread-1" })]);
    expect(await world.caller.session.byId({ id: codex.session.id })).toMatchObject({
      costUsd: 2,
      costIsEstimate: true,
      agentSessionId: "thread-1",
    });
  });

  it("takes a reported cost as is, and adds an estimate to it only when another usage has none", async () => {
    const gem = await runSession("gem");
    await gem.log([tokens({ costUsd: 0.5, tokensIn: 10, tokensOut: 10 })]);
    expect(await world.caller.session.byId({ id: gem.session.id })).toMatchObject({
      costUsd: 0.5,
      costIsEstimate: false,
    });
    await gem.log([tokens({ tokensIn: 1_000_000, tokensOut: 0 })]);
    expect(await world.caller.session.byId({ id: gem.session.id })).toMatchObject({
      costUsd: 1.75,
      costIsEstimate: true,
    });
  });

  it("makes nothing up for a model it has no price for", async () => {
    const mystery = await runSession("mystery");
    await mystery.log([
      tokens({ tokensIn: 5_000, tokensOut: 500, model: "local-llama-70b" }),
      tokens({ tokensIn: 10 }),
    ]);
    expect(await world.caller.session.byId({ id: mystery.session.id })).toMatchObject({
      costUsd: 0,
      costIsEstimate: false,
      tokensIn: 5_010,
      tokensOut: 500,
    });
  });

  it("writes the estimate with its batch or not at all, and the rollups say they include estimates", async () => {
    const gem = await runSession("gem", "WEB-1");
    const stale = world.caller.runner.log({
      sessionId: gem.session.id,
      lease: gem.claim.lease + 1,
      chunks: [{ stream: "stdout", text: "late\n" }],
      events: [tokens({ tokensIn: 1_000, tokensOut: 1_000 })],
    });
    await expect(stale).rejects.toThrow(/not held by this lease/);
    expect(await world.caller.session.byId({ id: gem.session.id })).toMatchObject({
      costUsd: 0,
      costIsEstimate: false,
    });

    await gem.log([tokens({ tokensIn: 1_000_000, tokensOut: 0 })]);
    const mystery = await runSession("mystery", "WEB-2");
    await mystery.log([tokens({ costUsd: 0.1, tokensIn: 1, tokensOut: 1 })]);
    const costs = await world.caller.session.costs({ projectId: "WEB" });
    expect(costs).toMatchObject({ costUsd: 1.35, includesEstimate: true });
    const byTask = Object.fromEntries(costs.items.map((row) => [row.taskId, row.includesEstimate]));
    expect(byTask).toEqual({ [gem.session.taskIds[0]!]: true, [mystery.session.taskIds[0]!]: false });
  });
});

describe("session.costs a page of tasks at a time", () => {
  it("gives the project's totals whole and the rows per task page by page, each task once", async () => {
    for (const [index, key] of ["WEB-1", "WEB-2", "WEB-3"].entries()) {
      const run = await runSession("mystery", key);
      await run.log([tokens({ costUsd: index + 1, tokensIn: 10, tokensOut: 1 })]);
    }
    const first = await world.caller.session.costs({ projectId: "WEB", limit: 2 });
    expect(first).toMatchObject({ costUsd: 6, tokensIn: 30, tokensOut: 3, includesEstimate: false });
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = await world.caller.session.costs({ projectId: "WEB", limit: 2, cursor: first.nextCursor });
    expect(second).toMatchObject({ costUsd: 6, nextCursor: null });
    const rows = [...first.items, ...second.items];
    expect(rows.map((row) => row.costUsd).sort()).toEqual([1, 2, 3]);
    expect(new Set(rows.map((row) => row.taskId)).size).toBe(3);
  });

  it("refuses a cursor it did not give, naming the field", async () => {
    await expect(world.caller.session.costs({ projectId: "WEB", cursor: "not a cursor" })).rejects.toThrow(/cursor/);
  });
});
