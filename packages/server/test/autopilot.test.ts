import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findProjectByRef, updateTask } from "@maestro/db";
import type { Session, TaskStatus } from "@maestro/domain";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { planProject } from "../src/services/autopilot/plan";
import { isRelevant } from "../src/services/autopilot/relevant-events";
import { schedulePass } from "../src/services/autopilot/scheduler";
import { type World, expectTrpcError, makeWorld, snapshot } from "./helpers";

let world: World;
let dir: string;
const log: string[] = [];

beforeEach(async () => {
  world = await makeWorld();
  dir = mkdtempSync(join(tmpdir(), "maestro-autopilot-"));
  log.length = 0;
  await world.caller.project.create({ name: "Web", rootDir: dir, key: "WEB" });
});
afterEach(async () => {
  await world.close();
  rmSync(dir, { recursive: true, force: true });
});

const pass = (now = Date.now()) => schedulePass(world.ctx, (line) => log.push(line), now);

async function task(
  title: string,
  extra: { dependsOn?: string[]; touches?: string[]; maxAttempts?: number; priority?: "high" } = {},
) {
  return world.caller.task.create({ projectId: "WEB", title, command: "true", ...extra });
}

/** Sessions of the project that hold a slot, by task key. */
async function liveKeys(): Promise<string[]> {
  const { items: sessions } = await world.caller.session.list({
    projectId: "WEB",
    status: ["queued", "starting", "running", "needs_input"],
    limit: 100,
  });
  const keys = await Promise.all(sessions.map(async (s) => (await world.caller.task.byId({ id: s.taskIds[0]! })).key));
  return keys.sort();
}

/** Plays the runner for one queued session: claim, start, then exit with `exitCode`. */
async function runOnce(
  exitCode: number,
  events?: Parameters<World["caller"]["runner"]["log"]>[0]["events"],
): Promise<Session> {
  const claim = (await world.caller.runner.claim({ runnerId: "r1" }))!;
  const ids = { sessionId: claim.session.id, lease: claim.lease };
  await world.caller.runner.started({ ...ids, pid: 999_999, cwd: dir, worktreePath: null, branch: null });
  if (events) await world.caller.runner.log({ ...ids, chunks: [{ stream: "stdout", text: "…\n" }], events });
  return world.caller.runner.finish({ ...ids, exitCode, signal: null, error: null });
}

describe("autopilot", () => {
  it("runs a diamond A → (B, C) → D with limit 2: B and C together, D only after both", async () => {
    const a = await task("A");
    const b = await task("B", { dependsOn: [a.id] });
    const c = await task("C", { dependsOn: [a.id] });
    await task("D", { dependsOn: [b.id, c.id] });
    const status = await world.caller.autopilot.start({ projectId: "WEB", maxConcurrent: 2 });
    expect(status).toMatchObject({ state: "on", maxConcurrent: 2 });

    await pass();
    expect(await liveKeys()).toEqual(["WEB-1"]);
    expect((await world.caller.task.why({ id: "WEB-4" })).text).toBe("waiting for WEB-2 and WEB-3");
    await runOnce(0);
    expect((await world.caller.task.byId({ id: "WEB-1" })).status).toBe("done");

    await pass();
    expect(await liveKeys()).toEqual(["WEB-2", "WEB-3"]);
    await runOnce(0);
    await pass();
    expect((await world.caller.task.why({ id: "WEB-4" })).text).toMatch(/^waiting for WEB-(2|3)$/);
    await runOnce(0);
    await pass();
    expect(await liveKeys()).toEqual(["WEB-4"]);
  });

  it("queues ready tasks beyond the limit, highest priority first, and shows the queue", async () => {
    await task("low one");
    await task("urgent", { priority: "high" });
    await task("another");
    await world.caller.autopilot.start({ projectId: "WEB", maxConcurrent: 1 });
    await pass();
    expect(await liveKeys()).toEqual(["WEB-2"]);
    const status = await world.caller.autopilot.status({ projectId: "WEB" });
    expect(status.limits.project).toEqual({ busy: 1, limit: 1 });
    expect(status.queue.map((entry) => [entry.key, entry.text])).toEqual([
      ["WEB-1", "project concurrency limit (1/1 busy)"],
      ["WEB-3", "project concurrency limit (1/1 busy)"],
    ]);
  });

  it("retries a failing task with backoff, then fails it and blocks its dependents", async () => {
    await world.caller.project.update({ id: "WEB", settings: { retryBaseSec: 10 } });
    const flaky = await task("flaky", { maxAttempts: 2 });
    await task("after", { dependsOn: [flaky.id] });
    await world.caller.autopilot.start({ projectId: "WEB" });
    await pass();
    const first = await runOnce(1);
    expect(first).toMatchObject({ status: "failed", attempt: 1 });
    const waiting = await world.caller.task.byId({ id: "WEB-1" });
    expect(waiting).toMatchObject({ status: "todo", failedAttempts: 1 });
    const delay = Date.parse(waiting.retryAt!) - Date.now();
    expect(delay).toBeGreaterThan(7_000);
    expect(delay).toBeLessThanOrEqual(12_000);
    expect((await world.caller.task.why({ id: "WEB-1" })).text).toMatch(/^retry 2 of 2 at \d\d:\d\d UTC$/);

    expect(await pass()).toBe(Date.parse(waiting.retryAt!));
    expect(await liveKeys()).toEqual([]);
    await pass(Date.parse(waiting.retryAt!) + 1);
    expect(await liveKeys()).toEqual(["WEB-1"]);
    const second = await runOnce(1);
    expect(second.attempt).toBe(2);
    expect(await world.caller.task.byId({ id: "WEB-1" })).toMatchObject({
      status: "failed",
      failedAttempts: 2,
      retryAt: null,
    });
    expect((await world.caller.task.why({ id: "WEB-2" })).text).toBe("blocked: WEB-1 failed");
    await pass(Date.now() + 3_600_000);
    expect(await liveKeys()).toEqual([]);

    // A manual retry gives it a fresh budget; autopilot starts it (and without autopilot, retry starts it itself).
    const retried = await world.caller.task.retry({ id: "WEB-1" });
    expect(retried).toMatchObject({ task: { status: "todo", failedAttempts: 0 }, session: null });
    await pass();
    expect(await liveKeys()).toEqual(["WEB-1"]);
  });

  it("without autopilot, a manual retry starts a new attempt at once", async () => {
    await task("flaky");
    await world.caller.session.start({ taskIds: ["WEB-1"] });
    await runOnce(1);
    expect((await world.caller.task.byId({ id: "WEB-1" })).status).toBe("failed");
    const { task: retried, session } = await world.caller.task.retry({ id: "WEB-1" });
    expect(retried.status).toBe("todo");
    expect(session).toMatchObject({ status: "queued", attempt: 2, agent: "shell" });
  });

  it("regression: a retry that cannot start (no agent for the task) moves nothing", async () => {
    await world.caller.task.create({ projectId: "WEB", title: "no command, no agent", status: "failed" });
    const before = await snapshot(world);
    await expectTrpcError(world.caller.task.retry({ id: "WEB-1" }), "BAD_REQUEST", /no agent for WEB-1/);
    expect(await snapshot(world)).toBe(before);
    expect((await world.caller.task.byId({ id: "WEB-1" })).status).toBe("failed");
  });

  it("never runs two tasks whose touches overlap at once", async () => {
    await task("api", { touches: ["src/api/**"] });
    await task("users", { touches: ["src/api/users.ts"] });
    await task("web", { touches: ["src/web/**"] });
    await world.caller.autopilot.start({ projectId: "WEB", maxConcurrent: 4 });
    await pass();
    expect(await liveKeys()).toEqual(["WEB-1", "WEB-3"]);
    expect((await world.caller.task.why({ id: "WEB-2" })).text).toBe("overlaps files with WEB-1 (running): src/api/**");
  });

  it("pauses an agent that hit a usage limit, keeps its session waiting, and resumes it at the reset time", async () => {
    await world.caller.agent.add({ name: "bot", adapter: "custom", command: ["/bin/echo", "{promptFile}"] });
    await world.caller.task.create({ projectId: "WEB", title: "limited", agent: "bot" });
    await world.caller.task.create({ projectId: "WEB", title: "next", agent: "bot" });
    await world.caller.autopilot.start({ projectId: "WEB", maxConcurrent: 1 });
    await pass();
    const resetAt = new Date(Date.now() + 60_000).toISOString();
    const ended = await runOnce(1, [{ type: "usage_limit", message: "usage limit reached", resetAt }]);
    expect(ended).toMatchObject({ status: "waiting", endedAt: null });
    expect(ended.error).toContain("usage limit");
    const status = await world.caller.autopilot.status({ projectId: "WEB", taskIds: ["WEB-1", "WEB-2"] });
    expect(status.limits.agents).toContainEqual({ agent: "bot", busy: 0, limit: null, pausedUntil: resetAt });
    expect(status.tasks.find((t) => t.key === "WEB-1")!.text).toMatch(
      /^agent bot waits: usage limit on account profile:bot; resumes at/,
    );
    expect(status.tasks.find((t) => t.key === "WEB-2")!.text).toMatch(
      /^agent bot paused until \d\d:\d\d UTC \(usage limit on account profile:bot\)$/,
    );

    expect(await pass()).toBe(Date.parse(resetAt));
    expect(await liveKeys()).toEqual([]);
    await pass(Date.parse(resetAt) + 1);
    const resumed = await world.caller.session.byId({ id: ended.id });
    expect(resumed).toMatchObject({
      status: "queued",
      error: null,
      resumeReason: "it was paused by a usage limit, which has now reset",
    });
    expect(await liveKeys()).toEqual(["WEB-1"]);
  });

  it("caps a usage-limit pause at 7 days when the agent prints a far-off reset time, and says so", async () => {
    await world.caller.agent.add({ name: "bot", adapter: "custom", command: ["/bin/echo", "{promptFile}"] });
    await world.caller.task.create({ projectId: "WEB", title: "limited", agent: "bot" });
    await world.caller.autopilot.start({ projectId: "WEB", maxConcurrent: 1 });
    await pass();
    const before = Date.now();
    const farOff = new Date(Date.UTC(9999, 0, 1)).toISOString();
    const ended = await runOnce(1, [{ type: "usage_limit", message: "usage limit reached", resetAt: farOff }]);
    const status = await world.caller.autopilot.status({ projectId: "WEB" });
    const until = Date.parse(status.limits.agents.find((a) => a.agent === "bot")!.pausedUntil!);
    const week = 7 * 24 * 60 * 60_000;
    expect(until).toBeGreaterThanOrEqual(before + week);
    expect(until).toBeLessThanOrEqual(Date.now() + week);
    expect(ended.error).toContain("capped at 7 days");
    await pass(until + 1);
    expect(await liveKeys()).toEqual(["WEB-1"]);
  });

  it("pausing starts nothing new and leaves running sessions running", async () => {
    await task("one");
    await task("two");
    await world.caller.autopilot.start({ projectId: "WEB", maxConcurrent: 1 });
    await pass();
    expect(await liveKeys()).toEqual(["WEB-1"]);
    await world.caller.autopilot.pause({ projectId: "WEB" });
    await runOnce(0);
    await pass();
    expect(await liveKeys()).toEqual([]);
    expect((await world.caller.task.why({ id: "WEB-2" })).text).toBe("ready; autopilot is paused");
    await world.caller.autopilot.start({ projectId: "WEB" });
    await pass();
    expect(await liveKeys()).toEqual(["WEB-2"]);
  });

  it("closes a parent once its subtasks are done, and never runs the parent itself", async () => {
    const parent = await task("parent");
    await world.caller.task.create({ projectId: "WEB", title: "child", command: "true", parentId: parent.id });
    await world.caller.autopilot.start({ projectId: "WEB" });
    await pass();
    expect(await liveKeys()).toEqual(["WEB-2"]);
    await runOnce(0);
    await pass();
    expect((await world.caller.task.byId({ id: "WEB-1" })).status).toBe("done");
  });

  it("fails a task it cannot launch instead of trying on every pass, and says why in the log", async () => {
    await world.caller.agent.add({ name: "ghost", adapter: "custom", command: ["/no/such/agent"] });
    await world.caller.task.create({ projectId: "WEB", title: "doomed", agent: "ghost" });
    await world.caller.autopilot.start({ projectId: "WEB" });
    await pass();
    expect(await world.caller.task.byId({ id: "WEB-1" })).toMatchObject({ status: "failed", failedAttempts: 1 });
    expect(log.join("\n")).toMatch(/could not start WEB-1: agent ghost runs "\/no\/such\/agent"/);
  });

  it("queues what a finished session made ready in the same commit, before any pass", async () => {
    const a = await task("A");
    await task("B", { dependsOn: [a.id] });
    await task("C", { dependsOn: [a.id] });
    await world.caller.autopilot.start({ projectId: "WEB", maxConcurrent: 2 });
    await pass();
    const seen: string[] = [];
    const stop = world.events.onEvent((event) => seen.push(`${event.kind}:${event.id}`));
    await runOnce(0);
    stop();
    // No pass ran since: B and C were queued by the finish itself, in its transaction.
    expect(await liveKeys()).toEqual(["WEB-2", "WEB-3"]);
    const ids = seen.map((entry) => Number(entry.split(":")[1]));
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(seen.filter((entry) => entry.startsWith("session.created"))).toHaveLength(2);
  });

  it("never fails a session's finish over a dependent it cannot launch: the pass fails that task", async () => {
    await world.caller.agent.add({ name: "ghost", adapter: "custom", command: ["/no/such/agent"] });
    const a = await task("A");
    await world.caller.task.create({ projectId: "WEB", title: "doomed", agent: "ghost", dependsOn: [a.id] });
    await world.caller.autopilot.start({ projectId: "WEB" });
    await pass();
    const finished = await runOnce(0);
    expect(finished.status).toBe("succeeded");
    expect((await world.caller.task.byId({ id: "WEB-1" })).status).toBe("done");
    expect((await world.caller.task.byId({ id: "WEB-2" })).status).toBe("todo");
    expect(log).toEqual([]);
    await pass();
    expect(await world.caller.task.byId({ id: "WEB-2" })).toMatchObject({ status: "failed", failedAttempts: 1 });
    expect(log.join("\n")).toMatch(/could not start WEB-2: agent ghost runs/);
  });

  it("refuses bad input with a clear error and writes nothing", async () => {
    await task("one");
    await world.caller.task.update({ id: "WEB-1", status: "done" });
    const before = await snapshot(world);
    await expectTrpcError(world.caller.autopilot.start({ projectId: "NOPE" }), "NOT_FOUND", /project "NOPE" not found/);
    await expectTrpcError(
      world.caller.autopilot.start({ projectId: "WEB", maxConcurrent: 0 }),
      "BAD_REQUEST",
      /maxConcurrent: must be at least 1/,
    );
    await expectTrpcError(
      world.caller.autopilot.pause({ projectId: "WEB" }),
      "PRECONDITION_FAILED",
      /autopilot of WEB is off/,
    );
    await expectTrpcError(
      world.caller.task.retry({ id: "WEB-1" }),
      "PRECONDITION_FAILED",
      /WEB-1 is done: only a failed, blocked, cancelled or in-review task/,
    );
    await expectTrpcError(world.caller.task.retry({ id: "WEB-9" }), "NOT_FOUND", /task "WEB-9" not found/);
    expect(await snapshot(world)).toBe(before);
  });
});

describe("a scheduler pass", () => {
  /** Small deterministic PRNG (mulberry32), so a failure names a reproducible seed. */
  function random(seed: number): () => number {
    return () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  it("plans from the frontier: the same starts, parents closed and wake-up as planning every task", async () => {
    const db = world.ctx.database.db;
    const now = Date.now();
    for (let seed = 1; seed <= 12; seed++) {
      const rand = random(seed);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
      const project = await world.caller.project.create({ name: `P${seed}`, rootDir: dir, key: `P${seed}X` });
      const ids: string[] = [];
      for (let i = 0; i < 30; i++) {
        const dependsOn = ids.filter(() => rand() < 0.08);
        const parentId = ids.length > 0 && rand() < 0.1 ? pick(ids) : null;
        const touches = rand() < 0.3 ? [pick(["src/a/**", "src/b/*.ts", "src/a/x.ts", "docs/**"])] : [];
        const created = await world.caller.task.create({
          projectId: project.id,
          title: `t${i}`,
          command: "true",
          dependsOn,
          parentId,
          touches,
          priority: pick(["low", "medium", "high"] as const),
        });
        ids.push(created.id);
      }
      // Arbitrary states, written directly: the planner must agree whatever the mix.
      for (const id of ids) {
        const status = pick<TaskStatus>(["todo", "todo", "todo", "done", "done", "in_progress", "failed", "cancelled"]);
        const retryAt =
          status === "todo" && rand() < 0.3 ? new Date(now + (rand() < 0.5 ? -1 : 1) * 60_000).toISOString() : null;
        await world.database.transaction((tx) => updateTask(tx, id, { status, retryAt }));
      }
      const ready = (await world.caller.task.list({ projectId: project.id, status: "todo" })).items.filter(
        () => rand() < 0.3,
      );
      for (const task of ready.slice(0, 2)) await world.caller.session.start({ taskIds: [task.id], agent: "shell" });
      await world.caller.autopilot.start({ projectId: project.id, maxConcurrent: 1 + Math.floor(rand() * 4) });

      const stored = (await findProjectByRef(db, project.id))!;
      const all = await planProject(db, stored, { ...world.ctx, globalLimit: 100 }, now, "all");
      const frontier = await planProject(db, stored, { ...world.ctx, globalLimit: 100 }, now, "frontier");
      const decisions = ({ plan }: typeof all) => ({
        start: plan.start,
        complete: [...plan.complete].sort(),
        wakeAt: plan.wakeAt,
        busy: plan.busy,
      });
      expect(decisions(frontier), `seed ${seed}`).toEqual(decisions(all));
      expect(frontier.tasks.length, `seed ${seed}`).toBeLessThanOrEqual(all.tasks.length);
    }
  });
});

describe("the scheduler's trigger", () => {
  it("plans again for changes that can start something, not for titles, heartbeats or starting → running", async () => {
    const seen: boolean[] = [];
    const stop = world.events.onEvent((event) => seen.push(isRelevant(event)));
    const created = await task("one");
    await world.caller.task.update({ id: created.id, title: "renamed" });
    await world.caller.task.update({ id: created.id, status: "in_progress" });
    await world.caller.task.update({ id: created.id, status: "done" });
    await world.caller.task.update({ id: created.id, status: "todo" });
    await world.caller.task.update({ id: created.id, priority: "high" });
    stop();
    // created, renamed, in progress (frees nothing, readies nothing), done, todo again, priority
    expect(seen).toEqual([true, false, false, true, true, true]);
  });
});
