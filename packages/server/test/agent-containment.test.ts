import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Session } from "@maestro/domain";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createContextInner } from "../src/context";
import { appRouter } from "../src/routers/app";
import { type AgentLimits, DEFAULT_LIMITS, agentLimitsOf } from "../src/limits";
import { createCallerFactory } from "../src/trpc";
import { type World, expectTrpcError, makeWorld, snapshot } from "./helpers";

let world: World;
let dir: string;
beforeEach(async () => {
  world = await makeWorld();
  dir = mkdtempSync(join(tmpdir(), "maestro-contain-"));
  await world.caller.project.create({ name: "Web", rootDir: dir, key: "WEB" });
  await world.caller.task.create({ projectId: "WEB", title: "Lead the work" });
  await world.caller.task.create({ projectId: "WEB", title: "Someone else's" });
  await world.caller.agent.add({ name: "script", adapter: "custom", command: ["/bin/echo", "{promptFile}"] });
  await world.caller.agent.add({ name: "helper", adapter: "custom", command: ["/bin/echo"], delegates: ["script"] });
  await world.caller.agent.add({ name: "worker", adapter: "custom", command: ["/bin/echo"], delegates: ["helper"] });
  await world.caller.agent.add({ name: "lead", adapter: "custom", command: ["/bin/echo"], delegates: ["worker"] });
});
afterEach(async () => {
  await world.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A caller holding the token of `session`, as the agent's `maestro` CLI would (limits as the server's). */
function callerOf(session: Session, globalLimit = 8, agentLimits: Partial<AgentLimits> = {}) {
  const ctx = createContextInner({
    ...world.ctx,
    globalLimit,
    agentLimits: { ...agentLimitsOf(DEFAULT_LIMITS), ...agentLimits },
    actor: `agent:${session.id.slice(0, 8)}`,
    principal: { kind: "agent", sessionId: session.id, projectId: session.projectId, taskIds: session.taskIds },
  });
  return createCallerFactory(appRouter)(ctx);
}

async function leadSession(agent = "lead") {
  const session = await world.caller.session.start({ taskIds: ["WEB-1"], agent });
  return { session, agent: callerOf(session) };
}

describe("an agent's token and task fields", () => {
  it("never sets command, agent or touches, on its own task or a subtask, naming the field; nothing is written", async () => {
    const { agent } = await leadSession("script");
    const sub = await agent.task.create({ projectId: "WEB", title: "split off", parentId: "WEB-1" });
    const before = await snapshot(world);
    for (const id of ["WEB-1", sub.key]) {
      const command = await expectTrpcError(agent.task.update({ id, command: "curl x | sh" }), "FORBIDDEN", /command/);
      expect(command.cause).toMatchObject({ details: { field: "command" } });
      await expectTrpcError(agent.task.update({ id, agent: "shell" }), "FORBIDDEN", /may not set agent/);
      await expectTrpcError(agent.task.update({ id, touches: ["**"] }), "FORBIDDEN", /may not set touches/);
    }
    const create = { projectId: "WEB", title: "sneaky", parentId: "WEB-1" };
    await expectTrpcError(agent.task.create({ ...create, command: "sh evil.sh" }), "FORBIDDEN", /command/);
    await expectTrpcError(agent.task.create({ ...create, agent: "shell" }), "FORBIDDEN", /agent/);
    await expectTrpcError(agent.task.create({ ...create, touches: ["src/**"] }), "FORBIDDEN", /touches/);
    expect(await snapshot(world)).toBe(before);
    await world.caller.task.update({ id: "WEB-1", timeoutSec: 600 });
    const lifted = await expectTrpcError(
      agent.task.update({ id: "WEB-1", timeoutSec: null }),
      "FORBIDDEN",
      /may not change timeoutSec of its own task WEB-1/,
    );
    expect(lifted.cause).toMatchObject({ details: { field: "timeoutSec" } });
    await expectTrpcError(agent.task.update({ id: "WEB-1", maxAttempts: 20 }), "FORBIDDEN", /maxAttempts/);
    // Nor lift its own spend limit.
    await expectTrpcError(
      agent.task.update({ id: "WEB-1", budgetUsd: 1000 }),
      "FORBIDDEN",
      /may not change budgetUsd of its own task WEB-1/,
    );
    await expectTrpcError(agent.task.update({ id: "WEB-1", budgetTokens: 5 }), "FORBIDDEN", /budgetTokens/);
    expect((await agent.task.update({ id: sub.key, timeoutSec: 300 })).timeoutSec).toBe(300);
    // What its work needs still goes through: status, text, priority.
    const moved = await agent.task.update({ id: sub.key, status: "in_progress", title: "split off, sharper" });
    expect(moved.status).toBe("in_progress");
  });

  it("moves a subtask only within its own subtree: not under a foreign task, not to the top, not a foreign task in", async () => {
    const { agent } = await leadSession("script");
    const sub = await agent.task.create({ projectId: "WEB", title: "a", parentId: "WEB-1" });
    const other = await agent.task.create({ projectId: "WEB", title: "b", parentId: "WEB-1" });
    const before = await snapshot(world);
    const under = await expectTrpcError(
      agent.task.update({ id: sub.key, parentId: "WEB-2" }),
      "FORBIDDEN",
      /not to WEB-2/,
    );
    expect(under.cause).toMatchObject({ details: { field: "parentId" } });
    await expectTrpcError(agent.task.update({ id: sub.key, parentId: null }), "FORBIDDEN", /the top level/);
    await expectTrpcError(agent.task.update({ id: "WEB-1", parentId: "WEB-2" }), "FORBIDDEN", /only move subtasks/);
    await expectTrpcError(agent.task.update({ id: "WEB-2", parentId: sub.key }), "FORBIDDEN", /not WEB-2/);
    await expectTrpcError(agent.task.move({ id: sub.key, parentId: "WEB-2" }), "FORBIDDEN");
    expect(await snapshot(world)).toBe(before);
    const nested = await agent.task.update({ id: other.key, parentId: sub.key });
    expect(nested.parentId).toBe(sub.id);
  });

  it("adds or removes dependencies only among tasks of its own subtree", async () => {
    const { agent } = await leadSession("script");
    const a = await agent.task.create({ projectId: "WEB", title: "a", parentId: "WEB-1" });
    const b = await agent.task.create({ projectId: "WEB", title: "b", parentId: "WEB-1" });
    await world.caller.task.update({ id: b.key, dependsOn: ["WEB-2"] });
    const before = await snapshot(world);
    const added = await expectTrpcError(agent.task.update({ id: a.key, dependsOn: ["WEB-2"] }), "FORBIDDEN", /WEB-2/);
    expect(added.cause).toMatchObject({ details: { field: "dependsOn" } });
    await expectTrpcError(agent.task.update({ id: b.key, dependsOn: [] }), "FORBIDDEN", /not WEB-2/);
    await expectTrpcError(
      agent.task.create({ projectId: "WEB", title: "c", parentId: "WEB-1", dependsOn: ["WEB-2"] }),
      "FORBIDDEN",
      /dependsOn|subtree/,
    );
    await expectTrpcError(agent.task.depend({ id: a.key, on: "WEB-2" }), "FORBIDDEN");
    expect(await snapshot(world)).toBe(before);
    expect((await agent.task.update({ id: a.key, dependsOn: [b.key] })).dependsOn).toEqual([b.id]);
  });
});

describe("an agent's reads", () => {
  it("read the specs of its own project, never another project's", async () => {
    const { agent } = await leadSession();
    const own = await world.caller.spec.create({ projectId: "WEB", name: "Login" });
    expect((await agent.spec.byId({ id: own.id })).name).toBe("Login");
    const other = mkdtempSync(join(tmpdir(), "maestro-contain-"));
    try {
      await world.caller.project.create({ name: "Api", rootDir: other, key: "API" });
      const foreign = await world.caller.spec.create({ projectId: "API", name: "Keys" });
      await expectTrpcError(agent.spec.byId({ id: foreign.id }), "FORBIDDEN", /may only read its own project/);
      await expectTrpcError(agent.spec.byId({ id: "API/keys" }), "FORBIDDEN", /may only read its own project/);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it("regression: a bare slug another project also has names the agent's own spec (not 'several projects')", async () => {
    const { agent } = await leadSession();
    const own = await world.caller.spec.create({ projectId: "WEB", name: "Login" });
    const other = mkdtempSync(join(tmpdir(), "maestro-contain-"));
    try {
      await world.caller.project.create({ name: "Api", rootDir: other, key: "API" });
      await world.caller.spec.create({ projectId: "API", name: "Login" });
      await world.caller.spec.create({ projectId: "API", name: "Keys" });
      expect((await agent.spec.byId({ id: "login" })).id).toBe(own.id);
      // A slug only another project has is not found: its existence is none of the agent's business.
      await expectTrpcError(agent.spec.byId({ id: "keys" }), "NOT_FOUND");
      // The owner still has to say which project's.
      await expectTrpcError(world.caller.spec.byId({ id: "login" }), "BAD_REQUEST", /several projects/);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});

describe("procedures open to agents", () => {
  it("are exactly the reads of its project and the writes its own session needs", () => {
    const procedures = appRouter._def.procedures as unknown as Record<
      string,
      { _def: { meta?: { agents?: boolean } } }
    >;
    const open = Object.entries(procedures)
      .filter(([, procedure]) => procedure._def.meta?.agents)
      .map(([path]) => path)
      .sort();
    // Widening this list is a security decision: every entry's verb limits what it reaches.
    expect(open).toEqual([
      // Who am I: an agent learns only that it is an agent (no data, no power).
      "auth.me",
      "session.byId",
      "session.costs",
      "session.list",
      "session.manifest",
      "session.report",
      "session.start",
      "session.stop",
      // A read of its project's specs (what its tasks were planned from), as task.byId is.
      "spec.byId",
      "task.byId",
      "task.checks",
      "task.create",
      "task.diff",
      "task.list",
      "task.overlaps",
      "task.reviews",
      // A read of its project's spend, as session.costs is.
      "task.spend",
      "task.update",
      "task.why",
    ]);
  });

  it("never include lifting an account's usage-limit pause: agent.resume is refused, nothing written", async () => {
    const { agent } = await leadSession();
    const before = await snapshot(world);
    await expectTrpcError(agent.agent.resume({ name: "lead" }), "FORBIDDEN", /may not call agent\.resume/);
    expect(await snapshot(world)).toBe(before);
  });
});

describe("session.start from an agent: delegation only", () => {
  it("is refused to a profile without delegates, and to any profile but a delegate", async () => {
    const { agent: plain } = await leadSession("script");
    const sub = await plain.task.create({ projectId: "WEB", title: "a", parentId: "WEB-1" });
    const before = await snapshot(world);
    await expectTrpcError(
      plain.session.start({ taskIds: [sub.key], agent: "script" }),
      "FORBIDDEN",
      /profile script names no delegates/,
    );
    await world.caller.session.stop({
      id: (await world.caller.session.list({})).items.find((s) => s.agent === "script")!.id,
    });
    const { agent: lead } = await leadSession();
    const refused = await expectTrpcError(
      lead.session.start({ taskIds: [sub.key], agent: "shell" }),
      "FORBIDDEN",
      /lead may delegate only to worker, not to shell/,
    );
    expect(refused.cause).toMatchObject({ details: { field: "agent" } });
    // Without --agent the task's or project's default is used, and must be a delegate too.
    await expectTrpcError(lead.session.start({ taskIds: [sub.key] }), "BAD_REQUEST", /no agent/);
    await world.caller.project.update({ id: "WEB", settings: { defaultAgent: "script" } });
    await expectTrpcError(lead.session.start({ taskIds: [sub.key] }), "FORBIDDEN", /not to script/);
    expect(JSON.parse(await snapshot(world))[1]).toEqual(JSON.parse(before)[1]);
  });

  it("starts a delegate only on subtasks of its own tasks, recording itself as the parent session", async () => {
    const { session, agent: lead } = await leadSession();
    const sub = await lead.task.create({ projectId: "WEB", title: "a", parentId: "WEB-1" });
    await expectTrpcError(lead.session.start({ taskIds: ["WEB-2"], agent: "worker" }), "FORBIDDEN", /WEB-2/);
    await expectTrpcError(
      lead.session.start({ taskIds: ["WEB-1"], agent: "worker" }),
      "FORBIDDEN",
      /only work on subtasks .* WEB-1 is not one/,
    );
    const worker = await lead.session.start({ taskIds: [sub.key], agent: "worker", parentSessionId: undefined });
    expect(worker.parentSessionId).toBe(session.id);
    expect(worker.agent).toBe("worker");
    // It may stop what it started, and nothing else but itself.
    const foreign = await world.caller.session.start({ taskIds: ["WEB-2"], agent: "script" });
    await expectTrpcError(
      lead.session.stop({ id: foreign.id }),
      "FORBIDDEN",
      /only act on itself and the sessions it started/,
    );
    expect((await lead.session.stop({ id: worker.id })).status).toBe("cancelled");
  });

  it("caps depth at 2: lead → worker → helper, and the helper may start nothing", async () => {
    await world.caller.project.update({ id: "WEB", settings: { concurrencyLimit: 10 } });
    const { agent: lead } = await leadSession();
    const sub = await lead.task.create({ projectId: "WEB", title: "a", parentId: "WEB-1" });
    const worker = await lead.session.start({ taskIds: [sub.key], agent: "worker" });
    const asWorker = callerOf(worker);
    const subsub = await asWorker.task.create({ projectId: "WEB", title: "b", parentId: sub.key });
    const helper = await asWorker.session.start({ taskIds: [subsub.key], agent: "helper" });
    const asHelper = callerOf(helper);
    const leaf = await asHelper.task.create({ projectId: "WEB", title: "c", parentId: subsub.key });
    await expectTrpcError(
      asHelper.session.start({ taskIds: [leaf.key], agent: "script" }),
      "FORBIDDEN",
      /delegation depth cap of 2/,
    );
  });

  it(`caps the sessions one session starts at ${DEFAULT_LIMITS.sessionsStartedPerSession}, ended ones included`, async () => {
    await world.caller.project.update({ id: "WEB", settings: { concurrencyLimit: 64 } });
    const { session } = await leadSession();
    const lead = callerOf(session, 64);
    for (let i = 0; i < DEFAULT_LIMITS.sessionsStartedPerSession; i += 1) {
      const sub = await lead.task.create({ projectId: "WEB", title: `part ${i}`, parentId: "WEB-1" });
      const worker = await lead.session.start({ taskIds: [sub.key], agent: "worker" });
      if (i % 2 === 0) await world.caller.session.stop({ id: worker.id });
    }
    const last = await lead.task.create({ projectId: "WEB", title: "one too many", parentId: "WEB-1" });
    await expectTrpcError(
      lead.session.start({ taskIds: [last.key], agent: "worker" }),
      "FORBIDDEN",
      /cap of 20 sessions started per session/,
    );
  });

  it("takes both caps from the server's limits: a depth of 1, two sessions per session", async () => {
    await world.caller.project.update({ id: "WEB", settings: { concurrencyLimit: 10 } });
    const { session } = await leadSession();
    const lead = callerOf(session, 8, { delegationDepth: 1, sessionsStartedPerSession: 2 });
    const subs = [];
    for (const title of ["a", "b", "c"]) {
      subs.push(await lead.task.create({ projectId: "WEB", title, parentId: "WEB-1" }));
    }
    const worker = await lead.session.start({ taskIds: [subs[0]!.key], agent: "worker" });
    await lead.session.start({ taskIds: [subs[1]!.key], agent: "worker" });
    await expectTrpcError(
      lead.session.start({ taskIds: [subs[2]!.key], agent: "worker" }),
      "FORBIDDEN",
      /cap of 2 sessions started per session \(MAESTRO_DELEGATION_MAX_SESSIONS\)/,
    );
    const asWorker = callerOf(worker, 8, { delegationDepth: 1 });
    const leaf = await asWorker.task.create({ projectId: "WEB", title: "d", parentId: subs[0]!.key });
    await expectTrpcError(
      asWorker.session.start({ taskIds: [leaf.key], agent: "helper" }),
      "FORBIDDEN",
      /delegation depth cap of 1 \(MAESTRO_DELEGATION_MAX_DEPTH\)/,
    );
  });

  it("counts against every concurrency limit: project, agent and global", async () => {
    const { session, agent: lead } = await leadSession();
    const subs = [];
    for (const title of ["a", "b", "c"]) {
      subs.push(await lead.task.create({ projectId: "WEB", title, parentId: "WEB-1" }));
    }
    await lead.session.start({ taskIds: [subs[0]!.key], agent: "worker" });
    // The project's limit of 2: the lead and its first worker.
    await expectTrpcError(
      lead.session.start({ taskIds: [subs[1]!.key], agent: "worker" }),
      "FORBIDDEN",
      /project concurrency limit \(2\/2 busy\) is full/,
    );
    await world.caller.project.update({ id: "WEB", settings: { concurrencyLimit: 10 } });
    await world.caller.agent.update({ name: "worker", maxConcurrent: 1 });
    await expectTrpcError(
      lead.session.start({ taskIds: [subs[1]!.key], agent: "worker" }),
      "FORBIDDEN",
      /concurrency limit of agent worker \(1\/1 busy\)/,
    );
    await world.caller.agent.update({ name: "worker", maxConcurrent: null });
    await expectTrpcError(
      callerOf(session, 2).session.start({ taskIds: [subs[1]!.key], agent: "worker" }),
      "FORBIDDEN",
      /global concurrency limit \(2\/2 busy\)/,
    );
    await lead.session.start({ taskIds: [subs[1]!.key], agent: "worker" });
  });

  it("leaves every other way to start a session to people: resume, retry, autopilot, preview", async () => {
    const { agent: lead } = await leadSession();
    const sub = await lead.task.create({ projectId: "WEB", title: "a", parentId: "WEB-1" });
    const worker = await lead.session.start({ taskIds: [sub.key], agent: "worker" });
    await world.caller.session.stop({ id: worker.id });
    await expectTrpcError(lead.session.resume({ id: worker.id }), "FORBIDDEN", /may not call session.resume/);
    await expectTrpcError(lead.task.retry({ id: sub.key }), "FORBIDDEN");
    await expectTrpcError(lead.autopilot.start({ projectId: "WEB" }), "FORBIDDEN");
    await expectTrpcError(lead.session.preview({ taskIds: [sub.key], agent: "shell" }), "FORBIDDEN");
    await expectTrpcError(lead.spec.generate({ id: "SPEC-1", agent: "shell" }), "FORBIDDEN");
  });
});

describe("an agent profile's delegates", () => {
  it("must each name an existing profile, on add and on update", async () => {
    const added = await expectTrpcError(
      world.caller.agent.add({
        name: "boss",
        adapter: "custom",
        command: ["/bin/echo"],
        delegates: ["worker", "ghost"],
      }),
      "BAD_REQUEST",
      /no agent profile named ghost/,
    );
    expect(added.cause).toMatchObject({ details: { field: "delegates" } });
    await expectTrpcError(world.caller.agent.update({ name: "lead", delegates: ["ghost"] }), "BAD_REQUEST", /ghost/);
    expect((await world.caller.agent.byName({ name: "lead" })).delegates).toEqual(["worker"]);
    const updated = await world.caller.agent.update({ name: "lead", delegates: ["worker", "claude-code"] });
    expect(updated.delegates).toEqual(["worker", "claude-code"]);
  });
});
