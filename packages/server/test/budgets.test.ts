import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { insertTask, updateTask, sql, asBoolean } from "@maestro/db";
import type { AgentEvent, MaestroEvent } from "@maestro/domain";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { schedulePass } from "../src/services/autopilot/scheduler";
import { type World, expectTrpcError, makeWorld } from "./helpers";

let world: World;
let dir: string;
beforeEach(async () => {
  world = await makeWorld();
  dir = mkdtempSync(join(tmpdir(), "maestro-budget-"));
  await world.caller.project.create({ name: "Web", rootDir: dir, key: "WEB" });
});
afterEach(async () => {
  await world.close();
  rmSync(dir, { recursive: true, force: true });
});

const usage = (costUsd: number, tokensIn = 0, tokensOut = 0): AgentEvent => ({
  type: "usage",
  costUsd,
  tokensIn,
  tokensOut,
  agentSessionId: null,
});

function task(title: string, extra: { parentId?: string; budgetUsd?: number; budgetTokens?: number } = {}) {
  return world.caller.task.create({ projectId: "WEB", title, command: "true", ...extra });
}

/** Plays the runner: claims the task's new session and starts it; `log` reports the agent's usage. */
async function live(taskIds: string[]) {
  await world.caller.session.start({ taskIds, queue: taskIds.length > 1 });
  const claim = (await world.caller.runner.claim({ runnerId: "r1" }))!;
  const ids = { sessionId: claim.session.id, lease: claim.lease };
  await world.caller.runner.started({ ...ids, pid: 999_999, cwd: dir, worktreePath: null, branch: null });
  return {
    id: claim.session.id,
    log: (...events: AgentEvent[]) => world.caller.runner.log({ ...ids, chunks: [], events }),
  };
}

async function budgetEvents() {
  const page = await world.caller.event.list({ projectId: "WEB", limit: 200 });
  return page.items.filter((event): event is Extract<MaestroEvent, { kind: "budget.reached" }> => {
    return event.kind === "budget.reached";
  });
}

/** Whether the session was asked to stop, and why (the runner reads both). */
const stopOf = async (id: string) => {
  const row = await world.database.db.get<{ stop_requested: unknown; stop_reason: string | null }>(
    sql`SELECT stop_requested, stop_reason FROM sessions WHERE id = ${id}`,
  );
  return { stopRequested: row ? asBoolean(row.stop_requested) : false, stopReason: row?.stop_reason ?? null };
};

describe("spend rollups", () => {
  it("rolls sessions up task → parent, and per spec and project; a queue session counts for its first task", async () => {
    const parent = await task("Parent");
    const child = await task("Child", { parentId: parent.id });
    const grandchild = await task("Grandchild", { parentId: child.id });
    const other = await task("Other");
    const queued = await task("Queued second");
    await world.database.transaction((tx) => updateTask(tx, child.id, { specId: "spec-1" }));
    await world.database.transaction((tx) => updateTask(tx, other.id, { specId: "spec-1" }));

    await (await live([grandchild.id])).log(usage(1, 100, 50));
    await (await live([child.id])).log(usage(0.5, 10, 0), usage(0.25, 0, 5));
    await (await live([other.id, queued.id])).log(usage(2, 1000, 0));

    const spend = await world.caller.project.spend({ id: "WEB" });
    const ofTask = (id: string) => world.caller.task.spend({ id });
    expect(spend).toMatchObject({ usd: 3.75, tokens: 1165, budgetUsd: null, reached: null });
    // One row per task would grow with the project: a task's spend is task.spend's.
    expect(spend).not.toHaveProperty("tasks");
    expect(await ofTask(grandchild.id)).toMatchObject({ usd: 1, tokens: 150 });
    expect(await ofTask(child.id)).toMatchObject({ usd: 1.75, tokens: 165 });
    expect(await ofTask(other.id)).toMatchObject({ usd: 2, tokens: 1000 });
    expect(await ofTask(queued.id)).toMatchObject({ usd: 0, tokens: 0 });
    expect(spend.specs).toEqual([{ specId: "spec-1", usd: 2.75, tokens: 1015 }]);
    expect(await ofTask(parent.id)).toMatchObject({ usd: 1.75, tokens: 165, blockedBy: null });
  });

  // How fast is measured in bench/, not here: this checks the rollup is right through a deep tree.
  it("rolls spend up through thousands of nested tasks", { timeout: 60_000 }, async () => {
    const parent = await task("Root");
    let parentId = parent.id;
    await world.database.transaction(async (tx) => {
      for (let number = 100; number < 5100; number++) {
        const fields = {
          title: "t",
          description: "",
          status: "todo" as const,
          rank: number,
          parentId,
          command: "true",
        };
        const created = await insertTask(tx, { ...fields, projectId: parent.projectId, projectKey: "WEB", number });
        if (number % 50 === 0) parentId = created.id;
      }
    });
    await (await live(["WEB-5099"])).log(usage(1, 1, 1));
    expect(await world.caller.project.spend({ id: "WEB" })).toMatchObject({ usd: 1, tokens: 2 });
    expect(await world.caller.task.spend({ id: parent.id })).toMatchObject({ usd: 1, tokens: 2 });
  });
});

describe("task budgets", () => {
  it("stops the subtree's sessions, records one event, holds its tasks back, and resumes when raised", async () => {
    const parent = await task("Parent", { budgetUsd: 1 });
    const [one, two, three] = [
      await task("One", { parentId: parent.id }),
      await task("Two", { parentId: parent.id }),
      await task("Three", { parentId: parent.id }),
    ];
    const outside = await task("Outside");
    const a = await live([one.id]);
    const b = await live([two.id]);
    const c = await live([outside.id]);

    await a.log(usage(0.6));
    expect(await stopOf(b.id)).toEqual({ stopRequested: false, stopReason: null });
    await a.log(usage(0.5));
    await b.log(usage(0.1));

    expect(await stopOf(a.id)).toEqual({ stopRequested: true, stopReason: "budget" });
    expect(await stopOf(b.id)).toEqual({ stopRequested: true, stopReason: "budget" });
    expect(await stopOf(c.id)).toEqual({ stopRequested: false, stopReason: null });
    const events = await budgetEvents();
    expect(events.map((event) => ({ ...event.payload, stopped: [...event.payload.stopped].sort() }))).toEqual([
      { scope: "task", key: "WEB-1", metric: "usd", spent: 1.1, limit: 1, stopped: [a.id, b.id].sort() },
    ]);
    expect((await world.caller.task.why({ id: three.id })).text).toBe("budget reached: $1.20 of $1.00 (task WEB-1)");
    await expectTrpcError(
      world.caller.session.start({ taskIds: [three.id] }),
      "PRECONDITION_FAILED",
      /WEB-4 is over budget: budget reached: \$1.20 of \$1.00 \(task WEB-1\); raise it with maestro task update WEB-1 --budget-usd/,
    );

    await world.caller.task.update({ id: parent.id, budgetUsd: 5 });
    expect((await world.caller.task.why({ id: three.id })).text).not.toMatch(/budget/);
    await world.caller.session.start({ taskIds: [three.id] });
  });

  it("counts tokens in and out against a token budget, and lowering a budget below the spend enforces it", async () => {
    const parent = await task("Parent", { budgetTokens: 1000 });
    const child = await task("Child", { parentId: parent.id });
    const session = await live([child.id]);
    await session.log(usage(0, 300, 300));
    expect((await world.caller.task.spend({ id: child.id })).blockedBy).toBeNull();
    await world.caller.task.update({ id: parent.id, budgetTokens: 500 });
    expect(await stopOf(session.id)).toEqual({ stopRequested: true, stopReason: "budget" });
    expect((await budgetEvents())[0]?.payload).toMatchObject({ metric: "tokens", spent: 600, limit: 500 });
    expect((await world.caller.task.spend({ id: child.id })).blockedBy).toMatchObject({ scope: "task", key: "WEB-1" });
  });
});

describe("project budgets", () => {
  it("pauses autopilot with the reason, stops the project's sessions, and resumes when raised or cleared", async () => {
    await world.caller.project.update({ id: "WEB", settings: { budgetUsd: 5 } });
    const first = await task("First");
    const second = await task("Second");
    await world.caller.autopilot.start({ projectId: "WEB" });
    const a = await live([first.id]);
    await a.log(usage(3));
    await a.log(usage(2.01));
    await a.log(usage(1));

    const status = await world.caller.autopilot.status({ projectId: "WEB" });
    expect(status).toMatchObject({ state: "paused", pauseReason: "budget reached: $5.01 of $5.00" });
    expect(await stopOf(a.id)).toEqual({ stopRequested: true, stopReason: "budget" });
    expect((await budgetEvents()).map((event) => event.payload)).toEqual([
      { scope: "project", key: "WEB", metric: "usd", spent: 5.01, limit: 5, stopped: [a.id] },
    ]);
    expect((await world.caller.task.why({ id: second.id })).text).toBe("budget reached: $6.01 of $5.00 (project WEB)");
    await schedulePass(world.ctx, () => {}, Date.now());
    expect((await world.caller.session.list({ projectId: "WEB", status: ["queued"], limit: 10 })).items).toEqual([]);

    await world.caller.project.update({ id: "WEB", settings: { budgetUsd: 10 } });
    expect(await world.caller.autopilot.status({ projectId: "WEB" })).toMatchObject({ state: "on", pauseReason: null });

    await world.caller.project.update({ id: "WEB", settings: { budgetUsd: 6 } });
    expect(await world.caller.autopilot.status({ projectId: "WEB" })).toMatchObject({ state: "paused" });
    await world.caller.project.update({ id: "WEB", settings: { budgetUsd: null } });
    expect(await world.caller.autopilot.status({ projectId: "WEB" })).toMatchObject({ state: "on" });
  });

  it("leaves an autopilot a person paused as it is when the budget is raised", async () => {
    await world.caller.project.update({ id: "WEB", settings: { budgetUsd: 1 } });
    await world.caller.autopilot.start({ projectId: "WEB" });
    await world.caller.autopilot.pause({ projectId: "WEB" });
    const session = await live([(await task("T")).id]);
    await session.log(usage(2));
    await world.caller.project.update({ id: "WEB", settings: { budgetUsd: 3 } });
    expect(await world.caller.autopilot.status({ projectId: "WEB" })).toMatchObject({
      state: "paused",
      pauseReason: null,
    });
  });
});
