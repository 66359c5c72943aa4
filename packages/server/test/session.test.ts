import { sql } from "@maestro/db";
import { getEventListeners } from "node:events";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CLAUDE_MCP_ALLOWED_TOOLS, type StartedInput } from "@maestro/domain";
import { createContextInner } from "../src/context";
import { appRouter } from "../src/routers/app";
import { interruptOrphanedSessions } from "../src/services/session/stop-session";
import { sweepSessions } from "../src/services/session/watchdog";
import { createCallerFactory } from "../src/trpc";
import { type World, expectTrpcError, makeWorld, snapshot } from "./helpers";

let world: World;
let dir: string;
beforeEach(async () => {
  world = await makeWorld();
  dir = mkdtempSync(join(tmpdir(), "maestro-session-"));
  await world.caller.project.create({ name: "Web", rootDir: dir, key: "WEB" });
  await world.caller.task.create({ projectId: "WEB", title: "Build it", acceptanceCriteria: ["it works"] });
  await world.caller.task.create({ projectId: "WEB", title: "Shell it", command: "echo hi" });
  await world.caller.agent.add({ name: "script", adapter: "custom", command: ["/bin/echo", "{promptFile}"] });
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await world.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A caller holding a session token, as the agent's `maestro` CLI would. */
function agentCaller(sessionId: string, projectId: string, taskIds: string[]) {
  const ctx = createContextInner({
    ...world.ctx,
    actor: "agent:x",
    principal: { kind: "agent", sessionId, projectId, taskIds },
  });
  return createCallerFactory(appRouter)(ctx);
}

/** The runner's word that the agent of a claimed session runs; what a test leaves out is a stand-in. */
function reportStarted(sessionId: string, lease: number, facts: Partial<StartedInput> = {}) {
  return world.caller.runner.started({
    sessionId,
    lease,
    pid: 999999,
    cwd: dir,
    worktreePath: null,
    branch: null,
    ...facts,
  });
}

async function startAndClaim(taskId = "WEB-1", agent = "script") {
  const session = await world.caller.session.start({ taskIds: [taskId], agent });
  const claim = (await world.caller.runner.claim({ runnerId: "r1" }))!;
  await reportStarted(session.id, claim.lease);
  return { session, claim };
}

/** The runner reports the agent gone on the SIGTERM its stop sent. */
const finishOnSigterm = (sessionId: string, lease: number) =>
  world.caller.runner.finish({ sessionId, lease, exitCode: null, signal: "SIGTERM", error: null });

/**
 * A runner's claim held open by the server, on a connection of its own; resolves once the claim
 * waits (the dispatcher listens to the connection), so the caller knows it could be answered.
 */
async function heldClaim(runnerId: string) {
  const connection = new AbortController();
  const caller = createCallerFactory(appRouter)(createContextInner({ ...world.ctx, signal: connection.signal }));
  const claim = caller.runner.claim({ runnerId, waitMs: 10_000 });
  await expect.poll(() => getEventListeners(connection.signal, "abort")).toHaveLength(1);
  return { connection, claim };
}

describe("session lifecycle", () => {
  it("holds an idle runner's claim open and answers it with the session queued meanwhile, events in order", async () => {
    const seen: number[] = [];
    const stop = world.events.onEvent((event) => seen.push(Number(event.id)));
    const waiting = world.caller.runner.claim({ runnerId: "r1", waitMs: 5_000 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const session = await world.caller.session.start({ taskIds: ["WEB-1"], agent: "script" });
    const claim = await waiting;
    stop();
    expect(claim).toMatchObject({ session: { id: session.id, status: "starting", runnerId: "r1" }, lease: 1 });
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(await world.caller.runner.claim({ runnerId: "r2" })).toBeNull();
  });

  it("answers a held claim with nothing when its wait runs out, when its runner releases it, or when its connection closed", async () => {
    expect(await world.caller.runner.claim({ runnerId: "r1", waitMs: 30 })).toBeNull();

    const released = await heldClaim("r1");
    expect(await world.caller.runner.release({ runnerId: "r1" })).toEqual({ released: 1 });
    expect(await released.claim).toBeNull();

    const orphaned = await heldClaim("r3");
    orphaned.connection.abort();
    expect(await orphaned.claim).toBeNull();
    // A runner that waits after it: the session queued next goes to the one still listening.
    const listening = await heldClaim("r4");
    const session = await world.caller.session.start({ taskIds: ["WEB-1"], agent: "script" });
    expect((await listening.claim)!.session).toMatchObject({ id: session.id, runnerId: "r4" });
    expect(await world.caller.session.byId({ id: session.id })).toMatchObject({ status: "starting", runnerId: "r4" });
  });

  it("regression: a claim skips a queued session whose agent is gone (settling it) and takes the next, waiting or not", async () => {
    const doomed = await world.caller.session.start({ taskIds: ["WEB-1"], agent: "script" });
    const next = await world.caller.session.start({ taskIds: ["WEB-2"], agent: "shell" });
    await world.caller.agent.remove({ name: "script" });
    const claim = await world.caller.runner.claim({ runnerId: "r1", waitMs: 5_000 });
    expect(claim!.session.id).toBe(next.id);
    expect(await world.caller.session.byId({ id: doomed.id })).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/agent script or its project no longer exists/),
    });
  });

  it("stops listening to a connection once its held claim is answered (a socket outlives many claims)", async () => {
    const connection = new AbortController();
    const caller = createCallerFactory(appRouter)(createContextInner({ ...world.ctx, signal: connection.signal }));
    for (let i = 0; i < 3; i++) expect(await caller.runner.claim({ runnerId: "r1", waitMs: 10 })).toBeNull();
    const waiting = caller.runner.claim({ runnerId: "r1", waitMs: 5_000 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(getEventListeners(connection.signal, "abort")).toHaveLength(1);
    await world.caller.session.start({ taskIds: ["WEB-2"], agent: "shell" });
    expect(await waiting).not.toBeNull();
    expect(getEventListeners(connection.signal, "abort")).toHaveLength(0);
  });

  it("refuses a runner name over 100 characters on every runner call, naming the field", async () => {
    const runnerId = "r".repeat(101);
    await expectTrpcError(world.caller.runner.heartbeat({ runnerId, sessions: [] }), "BAD_REQUEST", /runnerId/);
    await expectTrpcError(world.caller.runner.claim({ runnerId }), "BAD_REQUEST", /runnerId/);
    await expectTrpcError(world.caller.runner.release({ runnerId }), "BAD_REQUEST", /runnerId/);
    await expectTrpcError(world.caller.runner.claim({ runnerId: "r1", waitMs: 60_001 }), "BAD_REQUEST", /waitMs/);
  });

  it("records when the runner spawned the agent as its start, kept between the session's creation and now", async () => {
    const started = async (taskId: string, spawnedAt: (createdAt: number) => number) => {
      const session = await world.caller.session.start({ taskIds: [taskId], agent: "shell" });
      const claim = (await world.caller.runner.claim({ runnerId: "r1" }))!;
      const createdAt = Date.parse(session.createdAt);
      const before = Date.now();
      const shown = await reportStarted(session.id, claim.lease, { pid: 4242, spawnedAt: spawnedAt(createdAt) });
      return { startedAt: Date.parse(shown.startedAt!), createdAt, before, after: Date.now() };
    };
    const exact = await started("WEB-2", (createdAt) => createdAt + 1);
    expect(exact.startedAt).toBe(exact.createdAt + 1);
    await world.caller.task.create({ projectId: "WEB", title: "Later", command: "true" });
    const future = await started("WEB-3", () => Date.now() + 3_600_000);
    expect(future.startedAt).toBeGreaterThanOrEqual(future.before);
    expect(future.startedAt).toBeLessThanOrEqual(future.after);
    await world.caller.task.create({ projectId: "WEB", title: "Earlier", command: "true" });
    const past = await started("WEB-4", () => 0);
    expect(past.startedAt).toBe(past.createdAt);
  });

  it("queues, is claimed with a fresh token, runs, reports done and succeeds", async () => {
    const session = await world.caller.session.start({ taskIds: ["WEB-1"], agent: "script" });
    expect(session).toMatchObject({ status: "queued", attempt: 1, agent: "script" });
    expect(session.prompt).toContain("WEB-1: Build it");
    expect(session.prompt).toContain("- it works");
    expect(session.prompt).toContain("maestro report done");
    const claim = (await world.caller.runner.claim({ runnerId: "r1" }))!;
    expect(claim).toMatchObject({ lease: 1, taskKey: "WEB-1", rootDir: dir });
    expect(claim.token).toMatch(/^[0-9a-f]{64}$/);
    expect(await world.caller.runner.claim({ runnerId: "r2" })).toBeNull();
    await reportStarted(session.id, 1, { pid: 4242 });
    expect((await world.caller.task.byId({ id: "WEB-1" })).status).toBe("in_progress");

    await world.caller.runner.log({
      sessionId: session.id,
      lease: 1,
      chunks: [
        { stream: "stdout", text: "hello\n" },
        { stream: "stderr", text: "warn\n" },
      ],
    });
    expect((await world.caller.session.log({ id: session.id })).map((c) => [c.seq, c.text])).toEqual([
      [1, "hello\n"],
      [2, "warn\n"],
    ]);

    const agent = agentCaller(session.id, session.projectId, session.taskIds);
    await agent.session.report({ sessionId: session.id, kind: "progress", text: "halfway" });
    await agent.session.report({ sessionId: session.id, kind: "done", text: "all good" });
    expect((await world.caller.task.byId({ id: "WEB-1" })).status).toBe("done");

    const ended = await world.caller.runner.finish({
      sessionId: session.id,
      lease: 1,
      exitCode: 0,
      signal: null,
      error: null,
    });
    expect(ended).toMatchObject({ status: "succeeded", exitCode: 0, lastReport: "all good" });
    const kinds = (await world.caller.event.list({ projectId: "WEB", limit: 500 })).items.map((e) => e.kind);
    expect(kinds).toContain("session.reported");
  });

  it("answers a big log in pages under 1 MB, each ending early at its size cap, every chunk once in order", async () => {
    const { session, claim } = await startAndClaim();
    const plain = Array.from({ length: 20 }, (_, i) => ({
      stream: "stdout" as const,
      text: `${i}:`.padEnd(60_000, "x"),
    }));
    // Control characters take 6 bytes each in JSON: the byte cap, not the character cap, ends these pages.
    const escaped = Array.from({ length: 6 }, () => ({ stream: "stdout" as const, text: "\u0001".repeat(60_000) }));
    await world.caller.runner.log({ sessionId: session.id, lease: claim.lease, chunks: [...plain, ...escaped] });
    const seen: number[] = [];
    const sizes: number[] = [];
    for (let afterSeq = 0; ;) {
      const page = await world.caller.session.log({ id: session.id, afterSeq, limit: 5_000 });
      if (page.length === 0) break;
      sizes.push(JSON.stringify(page).length);
      seen.push(...page.map((chunk) => chunk.seq));
      afterSeq = page.at(-1)!.seq;
    }
    expect(seen.length).toBeGreaterThanOrEqual(26);
    expect(seen).toEqual(Array.from({ length: seen.length }, (_, i) => seen[0]! + i));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(1_000_000);
    expect(sizes.length).toBeGreaterThan(5);
    const tail = await world.caller.session.log({ id: session.id, tail: 5_000 });
    expect(JSON.stringify(tail).length).toBeLessThanOrEqual(1_000_000);
    expect(tail.at(-1)!.seq).toBe(seen.at(-1));
  });

  it("adds up usage from parsed output into the session and the project's costs, and logs other events", async () => {
    const { session, claim } = await startAndClaim();
    const usage = { type: "usage" as const, costUsd: 0.25, tokensIn: 100, tokensOut: 40, agentSessionId: "claude-123" };
    await world.caller.runner.log({
      sessionId: session.id,
      lease: claim.lease,
      chunks: [{ stream: "stdout", text: "{}\n" }],
      events: [usage, { type: "file_edit", path: "src/a.ts" }],
    });
    await world.caller.runner.log({
      sessionId: session.id,
      lease: claim.lease,
      chunks: [],
      events: [{ ...usage, agentSessionId: null }],
    });
    expect(await world.caller.session.byId({ id: session.id })).toMatchObject({
      costUsd: 0.5,
      tokensIn: 200,
      tokensOut: 80,
      agentSessionId: "claude-123",
    });
    const costs = await world.caller.session.costs({ projectId: "WEB" });
    expect(costs).toMatchObject({
      costUsd: 0.5,
      tokensIn: 200,
      items: [{ taskId: session.taskIds[0], costUsd: 0.5, sessions: 1 }],
      nextCursor: null,
    });
    const output = (await world.caller.event.list({ projectId: "WEB", entityId: session.id, limit: 100 })).items.filter(
      (e) => e.kind === "session.output",
    );
    expect(output.map((e) => e.kind === "session.output" && e.payload.event)).toEqual([
      { type: "file_edit", path: "src/a.ts" },
    ]);
  });

  it("composes the prompt from the project's own template when it has one", async () => {
    await world.caller.project.update({
      id: "WEB",
      settings: { promptTemplate: "Custom for {{project}}:\n{{tasks}}" },
    });
    const session = await world.caller.session.start({ taskIds: ["WEB-1"], agent: "script" });
    expect(session.prompt.startsWith("Custom for Web:\n# Your task")).toBe(true);
    expect(session.prompt).not.toContain("maestro report");
  });

  it("puts the profile's skills and the steering documents into the prompt", async () => {
    mkdirSync(join(dir, ".maestro", "skills", "tdd"), { recursive: true });
    writeFileSync(
      join(dir, ".maestro", "skills", "tdd", "SKILL.md"),
      "---\nname: tdd\ndescription: Test first\n---\nWrite the failing test first.\n",
    );
    mkdirSync(join(dir, ".maestro", "steering"), { recursive: true });
    writeFileSync(join(dir, ".maestro", "steering", "tech.md"), "We use TypeScript.\n");
    await world.caller.agent.add({ name: "tdd-dev", adapter: "custom", command: ["/bin/echo"], skills: ["tdd"] });
    const session = await world.caller.session.start({ taskIds: ["WEB-1"], agent: "tdd-dev" });
    expect(session.prompt).toContain("## tdd — Test first\nWrite the failing test first.");
    expect(session.prompt).toContain("## tech.md\nWe use TypeScript.");
    await world.caller.agent.add({ name: "lost", adapter: "custom", command: ["/bin/echo"], skills: ["nope"] });
    await expectTrpcError(
      world.caller.session.start({ taskIds: ["WEB-2"], agent: "lost" }),
      "BAD_REQUEST",
      /skill "nope" was not found/,
    );
  });

  it("works a queue in order: done on one task starts the next", async () => {
    const session = await world.caller.session.start({ taskIds: ["WEB-1", "WEB-2"], agent: "script", queue: true });
    expect(session.prompt).toContain("maestro queue next");
    const claim = (await world.caller.runner.claim({ runnerId: "r1" }))!;
    await reportStarted(session.id, claim.lease, { pid: 1 });
    const agent = agentCaller(session.id, session.projectId, session.taskIds);
    const after = await agent.session.report({ sessionId: session.id, kind: "done", text: "first" });
    expect(after.queueIndex).toBe(1);
    expect((await world.caller.task.byId({ id: "WEB-1" })).status).toBe("done");
    expect((await world.caller.task.byId({ id: "WEB-2" })).status).toBe("in_progress");
    expect((await agent.session.report({ sessionId: session.id, kind: "done" })).queueIndex).toBe(1);
    expect((await world.caller.task.byId({ id: "WEB-2" })).status).toBe("done");
  });

  it("ends failed with the exit code, and the task failed", async () => {
    const { session, claim } = await startAndClaim();
    const ended = await world.caller.runner.finish({
      sessionId: session.id,
      lease: claim.lease,
      exitCode: 1,
      signal: null,
      error: null,
    });
    expect(ended).toMatchObject({ status: "failed", exitCode: 1, error: "exited with code 1" });
    expect((await world.caller.task.byId({ id: "WEB-1" })).status).toBe("failed");
  });

  it("settles a shell task as done when its command exits 0", async () => {
    const { session, claim } = await startAndClaim("WEB-2", "shell");
    await world.caller.runner.finish({
      sessionId: session.id,
      lease: claim.lease,
      exitCode: 0,
      signal: null,
      error: null,
    });
    expect((await world.caller.task.byId({ id: "WEB-2" })).status).toBe("done");
  });

  it("stops: a stop request reaches the runner's heartbeat, and the exit settles as cancelled", async () => {
    const { session, claim } = await startAndClaim();
    await world.caller.session.stop({ id: session.id });
    expect(
      await world.caller.runner.heartbeat({
        runnerId: "r1",
        sessions: [{ sessionId: session.id, lease: claim.lease }],
      }),
    ).toEqual({ stop: [session.id] });
    const ended = await finishOnSigterm(session.id, claim.lease);
    expect(ended.status).toBe("cancelled");
    expect((await world.caller.task.byId({ id: "WEB-1" })).status).toBe("todo");
  });

  it("refuses calls from a stale lease", async () => {
    const { session, claim } = await startAndClaim();
    await expectTrpcError(
      world.caller.runner.finish({
        sessionId: session.id,
        lease: claim.lease + 1,
        exitCode: 0,
        signal: null,
        error: null,
      }),
      "CONFLICT",
      /not held by this lease/,
    );
  });

  it("interrupts sessions that were live when the server stopped, and resumes them as a new attempt", async () => {
    const { session } = await startAndClaim();
    const orphans = await interruptOrphanedSessions(world.ctx);
    expect(orphans).toEqual([{ sessionId: session.id, pid: 999999 }]);
    expect((await world.caller.session.byId({ id: session.id })).status).toBe("interrupted");
    const resumed = await world.caller.session.resume({ id: session.id });
    expect(resumed).toMatchObject({ status: "queued", attempt: 2, taskIds: session.taskIds });
  });
});

describe("liveness", () => {
  /** A session on WEB-1 with a 60 s stall limit; `sweepAt(ms)` runs the watchdog that long after its start. */
  async function startStallable() {
    await world.caller.task.update({ id: "WEB-1", stallSec: 60 });
    const { session, claim } = await startAndClaim();
    const startedAt = Date.parse((await world.caller.session.byId({ id: session.id })).startedAt!);
    const sweepAt = async (ms: number) => await sweepSessions(world.ctx, { leaseMs: 3_600_000 }, startedAt + ms);
    return { session, claim, sweepAt };
  }

  it("interrupts a session whose runner stopped heartbeating, and refuses its late completion", async () => {
    const { session, claim } = await startAndClaim();
    await sweepSessions(world.ctx, { leaseMs: 30_000 });
    expect((await world.caller.session.byId({ id: session.id })).status).toBe("running");
    await sweepSessions(world.ctx, { leaseMs: 30_000 }, Date.now() + 31_000);
    expect(await world.caller.session.byId({ id: session.id })).toMatchObject({
      status: "interrupted",
      error: expect.stringMatching(/no heartbeat for 30 s/),
    });
    await expectTrpcError(
      world.caller.runner.finish({ sessionId: session.id, lease: claim.lease, exitCode: 0, signal: null, error: null }),
      "CONFLICT",
    );
  });

  it("regression: a session claimed after a long wait in the queue is not interrupted as silent", async () => {
    const session = await world.caller.session.start({ taskIds: ["WEB-1"], agent: "script" });
    await world.database.transaction((tx) =>
      tx.run(sql`UPDATE sessions SET created_at = ${new Date(Date.now() - 3_600_000)} WHERE id = ${session.id}`),
    );
    await world.caller.runner.claim({ runnerId: "r1" });
    await sweepSessions(world.ctx, { leaseMs: 30_000 });
    expect((await world.caller.session.byId({ id: session.id })).status).toBe("starting");
  });

  it("asks a session past its task's time limit to stop, and settles it timed_out", async () => {
    await world.caller.task.update({ id: "WEB-1", timeoutSec: 60 });
    const { session, claim } = await startAndClaim();
    await sweepSessions(world.ctx, { leaseMs: 3_600_000 }, Date.now() + 61_000);
    expect(
      (
        await world.caller.runner.heartbeat({
          runnerId: "r1",
          sessions: [{ sessionId: session.id, lease: claim.lease }],
        })
      ).stop,
    ).toEqual([session.id]);
    const ended = await finishOnSigterm(session.id, claim.lease);
    expect(ended).toMatchObject({ status: "timed_out", error: "stopped: it ran past its time limit" });
    expect((await world.caller.task.byId({ id: "WEB-1" })).status).toBe("failed");
  });

  it("flags a silent session stalled at half its stall limit, stops it at the limit, and settles it timed_out", async () => {
    const { session, claim, sweepAt } = await startStallable();
    await sweepAt(29_000);
    expect((await world.caller.session.byId({ id: session.id })).stalledAt).toBeNull();
    await sweepAt(31_000);
    expect(await world.caller.session.byId({ id: session.id })).toMatchObject({
      stalledAt: expect.any(String),
      stopRequested: false,
    });
    await sweepAt(61_000);
    expect((await world.caller.session.byId({ id: session.id })).stopRequested).toBe(true);
    const ended = await finishOnSigterm(session.id, claim.lease);
    expect(ended).toMatchObject({ status: "timed_out", error: expect.stringMatching(/printed nothing/) });
    expect((await world.caller.task.byId({ id: "WEB-1" })).status).toBe("failed");
  });

  it("clears the stalled flag when the agent prints again", async () => {
    const { session, claim, sweepAt } = await startStallable();
    await sweepAt(31_000);
    expect((await world.caller.session.byId({ id: session.id })).stalledAt).not.toBeNull();
    await world.caller.runner.log({
      sessionId: session.id,
      lease: claim.lease,
      chunks: [{ stream: "stdout", text: "still here\n" }],
    });
    expect((await world.caller.session.byId({ id: session.id })).stalledAt).toBeNull();
  });

  it("keeps the manifest the runner reported, with environment names only", async () => {
    const session = await world.caller.session.start({ taskIds: ["WEB-1"], agent: "script" });
    const claim = (await world.caller.runner.claim({ runnerId: "r1" }))!;
    await reportStarted(session.id, claim.lease, {
      pid: 1,
      argv: ["/bin/echo", "/p.md"],
      envNames: ["MAESTRO_TOKEN", "PATH"],
    });
    expect(await world.caller.session.manifest({ id: session.id })).toMatchObject({
      agent: "script",
      adapter: "custom",
      argv: ["/bin/echo", "/p.md"],
      envNames: ["MAESTRO_TOKEN", "PATH"],
      tasks: ["WEB-1"],
      cwd: dir,
    });
  });
});

describe("refused before anything is stored", () => {
  it.each([
    ["an unknown agent", { taskIds: ["WEB-1"], agent: "nope" }, "NOT_FOUND", /agent "nope" not found/],
    ["a command that does not exist", { taskIds: ["WEB-1"], agent: "ghost" }, "BAD_REQUEST", /not an executable/],
    ["the shell agent on a task without command", { taskIds: ["WEB-1"], agent: "shell" }, "BAD_REQUEST", /has none/],
    ["a worktree outside git", { taskIds: ["WEB-1"], agent: "script", worktree: true }, "BAD_REQUEST", /not one/],
    ["no agent at all", { taskIds: ["WEB-1"] }, "BAD_REQUEST", /no agent for WEB-1/],
    // Were internal errors (SQLite's unique and foreign keys), found by fuzzing.
    [
      "the same task twice, by id and by key",
      { taskIds: ["WEB-1", "WEB-2", "web-1"], agent: "script", queue: true },
      "BAD_REQUEST",
      /WEB-1 is named twice in taskIds/,
    ],
    [
      "a parent session that does not exist",
      { taskIds: ["WEB-1"], agent: "script", parentSessionId: "no-such-session" },
      "NOT_FOUND",
      /parent session "no-such-session" not found/,
    ],
  ])("%s", async (_name, input, code, message) => {
    await world.caller.agent.add({ name: "ghost", adapter: "custom", command: ["/no/such/agent"] });
    const before = await snapshot(world);
    await expectTrpcError(world.caller.session.start(input), code as never, message);
    expect(await snapshot(world)).toBe(before);
  });

  it("names the field of a parent session that does not exist, and accepts one that does", async () => {
    const error = await expectTrpcError(
      world.caller.session.start({ taskIds: ["WEB-1"], agent: "script", parentSessionId: "nope" }),
      "NOT_FOUND",
    );
    expect(error.cause).toMatchObject({ details: { field: "parentSessionId" } });
    const parent = await world.caller.session.start({ taskIds: ["WEB-1"], agent: "script" });
    const child = await world.caller.session.start({ taskIds: ["WEB-2"], agent: "script", parentSessionId: parent.id });
    expect(child.parentSessionId).toBe(parent.id);
  });

  it("a task that already has a live session", async () => {
    await world.caller.session.start({ taskIds: ["WEB-1"], agent: "script" });
    await expectTrpcError(
      world.caller.session.start({ taskIds: ["WEB-1"], agent: "script" }),
      "CONFLICT",
      /already has a queued session/,
    );
  });
});

describe("a session's token", () => {
  it("may touch its own session and tasks and create subtasks under them, nothing else", async () => {
    const { session } = await startAndClaim();
    const agent = agentCaller(session.id, session.projectId, session.taskIds);
    const sub = await agent.task.create({ projectId: "WEB", title: "split off", parentId: "WEB-1" });
    await agent.task.update({ id: sub.id, status: "in_progress" });
    await expectTrpcError(
      agent.task.update({ id: "WEB-2", title: "not mine" }),
      "FORBIDDEN",
      /only change its own tasks/,
    );
    await expectTrpcError(agent.task.create({ projectId: "WEB", title: "top level" }), "FORBIDDEN");
    await expectTrpcError(
      agent.project.create({ name: "x", rootDir: "/tmp/x" }),
      "FORBIDDEN",
      /may not call project.create/,
    );
    await expectTrpcError(agent.agent.list(), "FORBIDDEN");
    await expectTrpcError(agent.runner.claim({ runnerId: "evil" }), "FORBIDDEN");
    const other = await world.caller.session.start({ taskIds: ["WEB-2"], agent: "shell" });
    await expectTrpcError(agent.session.stop({ id: other.id }), "FORBIDDEN", /only act on itself/);
    await expectTrpcError(agent.session.report({ sessionId: other.id, kind: "done" }), "FORBIDDEN");
    // Why a task waits: its own project's tasks yes, another project's no; autopilot and retry are for people.
    expect((await agent.task.why({ id: "WEB-2" })).key).toBe("WEB-2");
    await world.caller.project.create({ name: "Other", rootDir: dir, key: "OTH" });
    await world.caller.task.create({ projectId: "OTH", title: "elsewhere" });
    await expectTrpcError(agent.task.why({ id: "OTH-1" }), "FORBIDDEN", /only read its own project/);
    await expectTrpcError(agent.autopilot.start({ projectId: "WEB" }), "FORBIDDEN");
    await expectTrpcError(agent.task.retry({ id: "WEB-1" }), "FORBIDDEN");
  });
});

describe("agent profiles", () => {
  it("lists built-ins, adds, customises a built-in, and removes", async () => {
    const names = (await world.caller.agent.list()).items.map((a) => a.name);
    expect(names).toEqual(
      expect.arrayContaining(["claude-code", "codex", "gemini", "aider", "opencode", "shell", "script"]),
    );
    const custom = await world.caller.agent.add({ name: "claude-code", adapter: "claude-code", model: "opus" });
    expect(custom).toMatchObject({ builtIn: false, model: "opus" });
    await world.caller.agent.remove({ name: "claude-code" });
    expect((await world.caller.agent.byName({ name: "claude-code" })).builtIn).toBe(true);
    await expectTrpcError(world.caller.agent.remove({ name: "codex" }), "BAD_REQUEST", /built in/);
    await expectTrpcError(
      world.caller.agent.add({ name: "x", adapter: "custom" }),
      "BAD_REQUEST",
      /command: is required for the custom adapter/,
    );
  });

  it("previews the launch: the tool's argv when it is on PATH, the reason start would refuse when not", async () => {
    // A PATH of our own, so what is installed on this machine makes no difference.
    const withClaude = join(dir, "bin-with-claude");
    const empty = join(dir, "bin-empty");
    mkdirSync(withClaude);
    mkdirSync(empty);
    const ran = join(dir, "claude-ran");
    writeFileSync(join(withClaude, "claude"), `#!/bin/sh\ntouch ${ran}\n`, { mode: 0o755 });
    const before = await snapshot(world);

    vi.stubEnv("PATH", withClaude);
    const found = await world.caller.session.preview({ taskIds: ["WEB-1"], agent: "claude-code" });
    expect(found).toEqual({
      agent: "claude-code",
      argv: [
        "claude",
        "-p",
        "--output-format",
        "stream-json",
        "--verbose",
        "--permission-mode",
        "acceptEdits",
        `--allowedTools=${["Bash(maestro *)", ...CLAUDE_MCP_ALLOWED_TOOLS].join(",")}`,
        "--mcp-config",
        "<session>/mcp.json",
        "--strict-mcp-config",
      ],
      prompt: expect.stringContaining("WEB-1: Build it"),
    });
    expect(found.prompt).toContain("- it works");

    vi.stubEnv("PATH", empty);
    await expectTrpcError(
      world.caller.session.preview({ taskIds: ["WEB-1"], agent: "claude-code" }),
      "BAD_REQUEST",
      /^agent claude-code runs "claude", which is not an executable on this machine's PATH$/,
    );
    vi.unstubAllEnvs();
    // A preview launches and stores nothing.
    expect(existsSync(ran)).toBe(false);
    expect(await snapshot(world)).toBe(before);

    const shell = await world.caller.session.preview({ taskIds: ["WEB-2"], agent: "shell" });
    expect(shell).toMatchObject({ agent: "shell", argv: ["sh", "-c", "echo hi"] });
  });
});
