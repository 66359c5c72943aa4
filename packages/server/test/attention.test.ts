import { insertSession, updateSession, updateTask } from "@maestro/db";
import { NO_LANDING } from "@maestro/domain";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createContextInner } from "../src/context";
import { appRouter } from "../src/routers/app";
import { createCallerFactory } from "../src/trpc";
import { type World, expectTrpcError, makeWorld } from "./helpers";

// Issue 14 (notifications): the dashboard's title counts what waits for the person.

let world: World;

beforeEach(async () => {
  world = await makeWorld();
  await world.caller.project.create({ name: "Web", rootDir: "/tmp/web", key: "WEB" });
  await world.caller.project.create({ name: "Api", rootDir: "/tmp/api", key: "API" });
});
afterEach(async () => await world.close());

async function sessionIn(projectId: string, status: "needs_input" | "running") {
  const task = await world.caller.task.create({ projectId, title: "Asks", status: "in_progress" });
  return await world.database.transaction(async (db) => {
    const session = await insertSession(db, {
      projectId: task.projectId,
      taskIds: [task.id],
      agent: "shell",
      role: "worker",
      attempt: 1,
      prompt: "",
      tokenHash: `hash-${Math.random()}`,
      useWorktree: false,
      isQueue: false,
      parentSessionId: null,
    });
    await updateSession(db, session.id, { status });
    return session;
  });
}

describe("attention.counts", () => {
  it("counts sessions needing input, tasks in review and spec phases waiting for approval in every project", async () => {
    expect(await world.caller.attention.counts()).toEqual({ needsInput: 0, inReview: 0, approvals: 0 });
    await sessionIn("WEB", "needs_input");
    await sessionIn("API", "needs_input");
    await sessionIn("API", "running");
    await world.caller.task.create({ projectId: "WEB", title: "Login", status: "in_review" });
    await world.caller.task.create({ projectId: "API", title: "Tokens", status: "todo" });
    const spec = await world.caller.spec.create({ projectId: "API", name: "SSO" });
    await world.caller.spec.edit({ id: spec.id, phase: "requirements", text: "# Requirements\n" });
    await world.caller.spec.submit({ id: spec.id });
    expect(await world.caller.attention.counts()).toEqual({ needsInput: 2, inReview: 1, approvals: 1 });
  });

  it("regression: a task in review that the lander holds (queued, landing) does not wait for the person", async () => {
    const landing = (landState: "queued" | "landing" | "conflict" | "pr_open") => ({ ...NO_LANDING, landState });
    for (const [title, landState] of [
      ["Queued", "queued"],
      ["Landing", "landing"],
      ["Conflicts", "conflict"],
      ["In a PR", "pr_open"],
    ] as const) {
      const task = await world.caller.task.create({ projectId: "WEB", title, status: "in_review" });
      await world.database.transaction((tx) => updateTask(tx, task.id, { landing: landing(landState) }));
    }
    await world.caller.task.create({ projectId: "WEB", title: "Set by hand", status: "in_review" });
    expect((await world.caller.attention.counts()).inReview).toBe(3);
  });

  it("is the owner's: an agent's session token may not read counts of every project", async () => {
    const session = await sessionIn("WEB", "needs_input");
    const principal = {
      kind: "agent" as const,
      sessionId: session.id,
      projectId: session.projectId,
      taskIds: session.taskIds,
    };
    const ctx = createContextInner({ ...world.ctx, actor: "agent:test", principal });
    const agent = createCallerFactory(appRouter)(ctx);
    await expectTrpcError(agent.attention.counts(), "FORBIDDEN", /may not call attention\.counts/);
    const runner = createCallerFactory(appRouter)(createContextInner({ ...world.ctx, principal: { kind: "runner" } }));
    await expectTrpcError(runner.attention.counts(), "FORBIDDEN", /attention\.counts/);
  });
});
