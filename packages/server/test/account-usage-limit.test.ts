import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseClaudeLine } from "@maestro/domain";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { schedulePass } from "../src/services/autopilot/scheduler";
import { type World, expectTrpcError, makeWorld } from "./helpers";

// A usage limit pauses every profile of the account it was hit on (issue 13), on a real database.
let world: World;
let dir: string;

beforeEach(async () => {
  world = await makeWorld();
  dir = mkdtempSync(join(tmpdir(), "maestro-accounts-"));
  await world.caller.project.create({ name: "Web", rootDir: dir, key: "WEB" });
});
afterEach(async () => {
  await world.close();
  rmSync(dir, { recursive: true, force: true });
});

const pass = (now = Date.now()) => schedulePass(world.ctx, () => {}, now);

/** A claude-code profile whose executable is a stand-in (the limit's output is fed in below, as it would print it). */
async function claudeProfile(name: string, extra: { account?: string } = {}) {
  await world.caller.agent.add({ name, adapter: "claude-code", command: ["/bin/echo"], ...extra });
}

async function customProfile(name: string, extra: { account?: string } = {}) {
  await world.caller.agent.add({ name, adapter: "custom", command: ["/bin/echo", "{promptFile}"], ...extra });
}

async function sessionOf(key: string) {
  const task = await world.caller.task.byId({ id: key });
  const { items } = await world.caller.session.list({ taskId: task.id, limit: 10 });
  return items[0];
}

/** Creates WEB-1, WEB-2, … in this order, each for its agent. */
async function createTasks(...tasks: Array<[title: string, agent: string]>) {
  for (const [title, agent] of tasks) await world.caller.task.create({ projectId: "WEB", title, agent });
}

/** Plays the runner: claims the oldest queued session and reports its agent started. */
async function claimAndStart() {
  const claim = (await world.caller.runner.claim({ runnerId: "r1" }))!;
  const ids = { sessionId: claim.session.id, lease: claim.lease };
  await world.caller.runner.started({ ...ids, pid: 999_999, cwd: dir, worktreePath: null, branch: null });
  return { claim, ids };
}

/** Plays the runner for the oldest queued session: claims it, starts it, and it prints Claude Code's usage limit. */
async function hitUsageLimit(resetAt: Date): Promise<string> {
  const { claim, ids } = await claimAndStart();
  const seconds = Math.floor(resetAt.getTime() / 1000);
  const line = `{"type":"result","subtype":"success","is_error":true,"result":"Claude AI usage limit reached|${seconds}","session_id":"s","total_cost_usd":0,"usage":{}}`;
  const events = parseClaudeLine(line);
  expect(events.map((event) => event.type)).toContain("usage_limit");
  await world.caller.runner.log({ ...ids, chunks: [{ stream: "stdout", text: `${line}\n` }], events });
  await world.caller.runner.finish({ ...ids, exitCode: 1, signal: null, error: null });
  return claim.session.id;
}

describe("a usage limit pauses the whole account", () => {
  it("holds every profile of the account (the built-in too) and lets another account's profile start", async () => {
    await claudeProfile("opus");
    await customProfile("other");
    await createTasks(["hits the limit", "opus"], ["same account", "claude-code"], ["other account", "other"]);
    await world.caller.autopilot.start({ projectId: "WEB", maxConcurrent: 1 });
    await pass();
    expect((await sessionOf("WEB-1"))?.status).toBe("queued");

    const resetAt = new Date(Math.ceil((Date.now() + 600_000) / 1000) * 1000);
    const hit = await hitUsageLimit(resetAt);
    expect((await world.caller.session.byId({ id: hit })).status).toBe("waiting");
    await pass();

    // The slot freed by the waiting session goes to the other account, not to the built-in claude-code.
    expect(await sessionOf("WEB-2")).toBeUndefined();
    expect((await sessionOf("WEB-3"))?.status).toBe("queued");
    const why = await world.caller.task.why({ id: "WEB-2" });
    expect(why.text).toMatch(
      /^agent claude-code paused until \d\d:\d\d UTC \(usage limit on account claude-code:default\);/,
    );
    expect((await world.caller.task.why({ id: "WEB-1" })).text).toMatch(
      /^agent opus waits: usage limit on account claude-code:default; resumes at \d\d:\d\d UTC$/,
    );
    const status = await world.caller.autopilot.status({ projectId: "WEB" });
    const paused = status.limits.agents.filter((agent) => agent.pausedUntil !== null).map((agent) => agent.agent);
    expect(paused.sort()).toEqual(["claude-code", "opus"]);

    // When the pause ends, the account's profiles start again.
    await pass(resetAt.getTime() + 1);
    expect((await world.caller.session.byId({ id: hit })).status).toBe("queued");
  });

  it("holds the account's sessions already queued, and a manual start says it is paused", async () => {
    await claudeProfile("opus");
    await claudeProfile("sonnet");
    await createTasks(["hits the limit", "opus"], ["queued before", "sonnet"], ["started after", "sonnet"]);
    await world.caller.session.start({ taskIds: ["WEB-1"] });
    const before = await world.caller.session.start({ taskIds: ["WEB-2"] });
    expect(before.status).toBe("queued");

    const hit = await hitUsageLimit(new Date(Date.now() + 600_000));
    const held = await world.caller.session.byId({ id: before.id });
    expect(held.status).toBe("waiting");
    expect(held.error).toMatch(
      new RegExp(`^usage limit on account claude-code:default \\(opus\\) hit by session ${hit}; resumes at `),
    );
    const after = await world.caller.session.start({ taskIds: ["WEB-3"] });
    expect(after.status).toBe("waiting");
    expect(after.error).toMatch(/^usage limit on account claude-code:default \(opus\)/);
    // Nothing of the account is handed to a runner.
    expect(await world.caller.runner.claim({ runnerId: "r1" })).toBeNull();
  });

  it("groups profiles of different adapters by an explicit --account, and only those", async () => {
    await claudeProfile("opus", { account: "team" });
    await customProfile("script", { account: "team" });
    await claudeProfile("sonnet");
    await createTasks(
      ["hits the limit", "opus"],
      ["same account", "script"],
      ["same adapter, other account", "sonnet"],
    );
    await world.caller.autopilot.start({ projectId: "WEB", maxConcurrent: 1 });
    await pass();
    await hitUsageLimit(new Date(Date.now() + 600_000));
    await pass();
    expect(await sessionOf("WEB-2")).toBeUndefined();
    expect((await sessionOf("WEB-3"))?.status).toBe("queued");
    expect((await world.caller.task.why({ id: "WEB-2" })).text).toMatch(
      /^agent script paused until .* \(usage limit on account team\);/,
    );
  });

  it("pauses a profile that joins a paused account afterwards, and frees one that leaves it", async () => {
    await claudeProfile("opus", { account: "team" });
    await customProfile("late");
    await createTasks(["hits the limit", "opus"], ["joins later", "late"]);
    await world.caller.session.start({ taskIds: ["WEB-1"] });
    await hitUsageLimit(new Date(Date.now() + 600_000));

    await world.caller.agent.update({ name: "late", account: "team" });
    expect((await world.caller.session.start({ taskIds: ["WEB-2"] })).status).toBe("waiting");
    await world.caller.agent.update({ name: "late", account: null });
    await pass();
    expect((await sessionOf("WEB-2"))?.status).toBe("queued");
  });

  it("a resume held by the pause still continues its agent's conversation once the pause ends", async () => {
    await claudeProfile("opus");
    await createTasks(["interrupted", "opus"], ["hits the limit", "opus"]);
    const first = await world.caller.session.start({ taskIds: ["WEB-1"] });
    const { ids } = await claimAndStart();
    const line = `{"type":"result","subtype":"success","is_error":false,"result":"half done","session_id":"conv-1","total_cost_usd":0.01,"usage":{}}`;
    await world.caller.runner.log({
      ...ids,
      chunks: [{ stream: "stdout", text: `${line}\n` }],
      events: parseClaudeLine(line),
    });
    await world.caller.runner.finish({ ...ids, exitCode: null, signal: "SIGTERM", error: null, interrupted: true });
    expect(await world.caller.session.byId({ id: first.id })).toMatchObject({ agentSessionId: "conv-1" });

    await world.caller.session.start({ taskIds: ["WEB-2"] });
    const resetAt = new Date(Date.now() + 600_000);
    // The session that hit the limit is cancelled, so the resume is the one queued when it ends.
    await world.caller.session.stop({ id: await hitUsageLimit(resetAt) });
    const resumed = await world.caller.session.resume({ id: first.id });
    expect(resumed).toMatchObject({ status: "waiting", resumeReason: expect.stringMatching(/runner went away/) });

    await pass(resetAt.getTime() + 1);
    const relaunch = (await world.caller.runner.claim({ runnerId: "r1" }))!;
    expect(relaunch.session.id).toBe(resumed.id);
    expect(relaunch.launch.resumeId).toBe("conv-1");
  });

  it("asks a session of the account that a runner claimed but has not started to stop, and it waits", async () => {
    await claudeProfile("opus");
    await claudeProfile("sonnet");
    await createTasks(["hits the limit", "opus"], ["still setting up", "sonnet"]);
    await world.caller.session.start({ taskIds: ["WEB-1"] });
    await world.caller.session.start({ taskIds: ["WEB-2"] });
    const { claim: first, ids: hitIds } = await claimAndStart();
    const second = (await world.caller.runner.claim({ runnerId: "r1" }))!;
    expect(second.session.status).toBe("starting");

    const resetAt = new Date(Date.now() + 600_000);
    const events = [{ type: "usage_limit" as const, message: "usage limit reached", resetAt: resetAt.toISOString() }];
    await world.caller.runner.log({ ...hitIds, chunks: [{ stream: "stdout", text: "limit\n" }], events });
    const held = await world.caller.session.byId({ id: second.session.id });
    expect(held).toMatchObject({ status: "starting", stopRequested: true });

    // The runner stops its set-up and reports the end: the session waits for the reset.
    const ids = { sessionId: second.session.id, lease: second.lease };
    const ended = await world.caller.runner.finish({
      ...ids,
      exitCode: null,
      signal: "SIGTERM",
      error: "set-up stopped",
    });
    expect(ended).toMatchObject({ status: "waiting", endReason: null });
    expect(ended.error).toMatch(
      new RegExp(
        `^usage limit on account claude-code:default \\(opus\\) hit by session ${first.session.id}; resumes at `,
      ),
    );
    await pass(resetAt.getTime() + 1);
    expect((await world.caller.session.byId({ id: second.session.id })).status).toBe("queued");
  });
});

describe("a person lifts an account's pause by hand", () => {
  it("agent resume <profile> lifts its account's pause, records it, and queues the account's waiting sessions", async () => {
    await claudeProfile("opus");
    await world.caller.task.create({ projectId: "WEB", title: "hits the limit", agent: "opus" });
    await world.caller.session.start({ taskIds: ["WEB-1"] });
    // A forged limit line can pause the account for days.
    const hit = await hitUsageLimit(new Date(Math.ceil((Date.now() + 6 * 86_400_000) / 1000) * 1000));
    expect((await world.caller.session.byId({ id: hit })).status).toBe("waiting");

    const resumed = await world.caller.agent.resume({ name: "claude-code" });
    expect(resumed).toMatchObject({ account: "claude-code:default", queued: [hit] });
    expect(resumed.profiles.sort()).toEqual(["claude-code", "opus"]);
    expect((await world.caller.session.byId({ id: hit })).status).toBe("queued");
    expect((await world.caller.agent.byName({ name: "opus" })).pausedUntil).toBeNull();
    const { items } = await world.caller.event.list({ projectId: "WEB", limit: 100, order: "desc" });
    expect(items.find((event) => event.kind === "account.resumed")).toMatchObject({
      actor: "test",
      payload: { account: "claude-code:default", reason: expect.stringMatching(/usage limit on account/) },
    });

    await expectTrpcError(
      world.caller.agent.resume({ name: "opus" }),
      "PRECONDITION_FAILED",
      /account claude-code:default \(agent opus\) is not paused/,
    );
  });
});
