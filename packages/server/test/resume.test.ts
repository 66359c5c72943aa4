import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Session } from "@maestro/domain";
import { interruptOrphanedSessions } from "../src/services/session/stop-session";
import { type World, expectTrpcError, makeWorld, snapshot } from "./helpers";

let world: World;
let dir: string;
beforeEach(async () => {
  world = await makeWorld();
  dir = mkdtempSync(join(tmpdir(), "maestro-resume-"));
  await world.caller.project.create({ name: "Web", rootDir: dir, key: "WEB" });
  await world.caller.task.create({ projectId: "WEB", title: "Build the login page" });
  // Real enough for the server: an executable it can find, with the adapters' own flags.
  await world.caller.agent.add({ name: "claude", adapter: "claude-code", command: ["/bin/echo"] });
  await world.caller.agent.add({ name: "script", adapter: "custom", command: ["/bin/echo", "{promptFile}"] });
});
afterEach(async () => {
  await world.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs a session of `agent` on WEB-1 as a runner would: its agent names its conversation, then it ends. */
async function runUntil(agent: string, end: "fail" | "interrupt", conversation: string | null = "conv-1") {
  const session = await world.caller.session.start({ taskIds: ["WEB-1"], agent });
  const claim = (await world.caller.runner.claim({ runnerId: "r1" }))!;
  const lease = { sessionId: session.id, lease: claim.lease };
  await world.caller.runner.started({ ...lease, pid: 999999, cwd: dir, worktreePath: null, branch: null });
  if (conversation) {
    const usage = { type: "usage" as const, costUsd: 0.01, tokensIn: 10, tokensOut: 5, agentSessionId: conversation };
    await world.caller.runner.log({ ...lease, chunks: [{ stream: "stdout", text: "working\n" }], events: [usage] });
  }
  if (end === "fail") {
    await world.caller.runner.finish({ ...lease, exitCode: 1, signal: null, error: "exited with code 1" });
  } else {
    await interruptOrphanedSessions(world.ctx);
  }
  return world.caller.session.byId({ id: session.id });
}

async function claimNext() {
  return (await world.caller.runner.claim({ runnerId: "r2" }))!;
}

describe("resume", () => {
  it("continues the agent's own conversation: the same conversation id and a short prompt saying why", async () => {
    const failed = await runUntil("claude", "fail");
    const resumed = await world.caller.session.resume({ id: failed.id });
    expect(resumed).toMatchObject({
      status: "queued",
      attempt: 2,
      resumedFromId: failed.id,
      agentSessionId: "conv-1",
      resumeReason: "it ended with an error: exited with code 1",
    });
    // The session keeps its whole prompt (shown in the dashboard) ...
    expect(resumed.prompt).toBe(failed.prompt);
    // ... while the agent, which has it in its conversation already, is told only why it resumes.
    const claim = await claimNext();
    expect(claim.launch.resumeId).toBe("conv-1");
    expect(claim.launch.prompt).toMatch(/^Maestro is resuming this session: it ended with an error/);
    expect(claim.launch.prompt).toContain("WEB-1: Build the login page");
    expect(claim.launch.prompt.length).toBeLessThan(600);
  });

  it("starts anew, with the whole prompt, when the agent cannot resume or never named its conversation", async () => {
    const custom = await runUntil("script", "fail");
    await world.caller.session.resume({ id: custom.id });
    expect((await claimNext()).launch).toEqual({ prompt: custom.prompt, resumeId: null });
    await world.caller.runner.finish({
      sessionId: (await latest()).id,
      lease: 1,
      exitCode: 1,
      signal: null,
      error: null,
    });

    const silent = await runUntil("claude", "fail", null);
    const resumed = await world.caller.session.resume({ id: silent.id });
    expect(resumed).toMatchObject({ resumedFromId: silent.id, agentSessionId: null });
    expect((await claimNext()).launch).toEqual({ prompt: silent.prompt, resumeId: null });
  });

  it("continues an interrupted session when its task runs again (it lost its process, not its work)", async () => {
    const interrupted = await runUntil("claude", "interrupt");
    expect(interrupted.status).toBe("interrupted");
    const again = await world.caller.session.start({ taskIds: ["WEB-1"], agent: "claude" });
    expect(again).toMatchObject({ resumedFromId: interrupted.id, agentSessionId: "conv-1" });
    expect(again.resumeReason).toMatch(/interrupted/);
    expect((await claimNext()).launch.resumeId).toBe("conv-1");
  });

  it("does not continue a failed session when its task simply runs again, nor one of another agent", async () => {
    await runUntil("claude", "fail");
    const fresh = await world.caller.session.start({ taskIds: ["WEB-1"], agent: "claude" });
    expect(fresh).toMatchObject({ resumedFromId: null, agentSessionId: null, resumeReason: null });
    await world.caller.session.stop({ id: fresh.id });

    await runUntil("claude", "interrupt");
    const other = await world.caller.session.start({ taskIds: ["WEB-1"], agent: "script" });
    expect(other).toMatchObject({ resumedFromId: null, agentSessionId: null });
  });

  it("refuses, naming the session, to resume one whose task was deleted (was an internal error: found by fuzzing)", async () => {
    const failed = await runUntil("script", "fail");
    await world.caller.task.delete({ id: "WEB-1" });
    const before = await snapshot(world);
    const error = await expectTrpcError(
      world.caller.session.resume({ id: failed.id }),
      "PRECONDITION_FAILED",
      /no task left/,
    );
    expect(error.cause).toMatchObject({ details: { field: "id" } });
    expect(await snapshot(world)).toBe(before);
  });

  it("keeps the worktree and branch of the session it continues", async () => {
    execFileSync("git", ["init", "-q"], { cwd: dir });
    const session = await world.caller.session.start({ taskIds: ["WEB-1"], agent: "claude", worktree: true });
    const claim = (await world.caller.runner.claim({ runnerId: "r1" }))!;
    const lease = { sessionId: session.id, lease: claim.lease };
    const worktree = { worktreePath: join(dir, "wt"), branch: "maestro/WEB-1-1" };
    await world.caller.runner.started({ ...lease, pid: 999999, cwd: worktree.worktreePath, ...worktree });
    await world.caller.runner.finish({ ...lease, exitCode: 1, signal: null, error: null });
    const resumed = await world.caller.session.resume({ id: session.id });
    expect(resumed).toMatchObject({ resumedFromId: session.id, attempt: 2, ...worktree });
    expect((await claimNext()).session).toMatchObject(worktree);
  });
});

async function latest(): Promise<Session> {
  const [session] = (await world.caller.session.list({ projectId: "WEB", limit: 1 })).items;
  return session!;
}
