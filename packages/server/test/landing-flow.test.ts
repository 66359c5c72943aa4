import { type MaestroEvent, noticeTriggerOf } from "@maestro/domain";
import { afterEach, describe, expect, it } from "vitest";
import { interruptOrphanedSessions } from "../src/services/session/stop-session";
import { type LandingWorld, makeLandingWorld } from "./landing-world";

let world: LandingWorld;
afterEach(async () => await world.close());

const FAILING = { failed: "pnpm test", exitCode: 1, output: "FAIL a.test.ts\nexpected 4, got 5\n" };

/** The event that moved WEB-1 into review, and what it notifies (the webhook outbox and the dashboard read the same). */
async function moveToReview(): Promise<{ event: MaestroEvent; notifies: string | null }> {
  const { items } = await world.caller.event.list({ projectId: "WEB", kinds: ["task.updated"], limit: 500 });
  const event = items.find(
    (e) => e.kind === "task.updated" && e.payload.changed.includes("status") && e.payload.task.status === "in_review",
  )!;
  return { event, notifies: noticeTriggerOf(event)?.kind ?? null };
}

async function startTask(agent = "claude", title = "Count to four") {
  await world.caller.task.create({ projectId: "WEB", title });
  return world.caller.session.start({ taskIds: ["WEB-1"], agent, worktree: true });
}

describe("after the agent, in worktree mode", () => {
  it("records the branch's head, changed files and checks, and waits for review (manual)", async () => {
    world = await makeLandingWorld();
    await startTask();
    const run = await world.runNext({ files: { "b.txt": "b\n" } });
    expect(run.finished).toMatchObject({ status: "succeeded", error: null });
    const task = await world.caller.task.byId({ id: "WEB-1" });
    expect(task.status).toBe("in_review");
    expect(task.landing).toMatchObject({
      branch: run.branch,
      headCommit: run.headCommit,
      changedFiles: ["b.txt"],
      checksState: "passed",
      reviewState: "pending",
      landState: "none",
    });
    expect((await moveToReview()).notifies).toBe("review");
  });

  it("queues the work for the lander under auto and pr, and a shell task is not done before it lands", async () => {
    world = await makeLandingWorld({ landPolicy: "auto", checks: [] });
    await world.caller.agent.add({ name: "sh", adapter: "shell", command: ["/bin/sh", "-c", "{command}"] });
    await world.caller.task.create({ projectId: "WEB", title: "Touch", command: "touch x" });
    await world.caller.session.start({ taskIds: ["WEB-1"], agent: "sh", worktree: true });
    await world.runNext({ checks: "none" });
    const task = await world.caller.task.byId({ id: "WEB-1" });
    expect(task.status).toBe("in_review");
    expect(task.landing).toMatchObject({ checksState: "none", reviewState: "none", landState: "queued" });
    // Regression: the move to review carries its verdict, so an auto-land task is no "waits for review" notice.
    const { event, notifies } = await moveToReview();
    expect(event.kind === "task.updated" && event.payload.task.landing.landState).toBe("queued");
    expect(notifies).toBeNull();
  });

  it("turns an agent's `report done` into review: in a worktree only the lander makes a task done", async () => {
    world = await makeLandingWorld();
    const session = await startTask();
    const claim = (await world.caller.runner.claim({ runnerId: "r1" }))!;
    const lease = { sessionId: session.id, lease: claim.lease };
    const worktree = { worktreePath: `${world.dir}/wt`, branch: "maestro/WEB-1-1" };
    await world.caller.runner.started({ ...lease, pid: 999999, cwd: worktree.worktreePath, ...worktree });
    await world.caller.session.report({ sessionId: session.id, kind: "done", text: "counted" });
    expect((await world.caller.task.byId({ id: "WEB-1" })).status).toBe("in_review");
  });

  it("gives a failed check a follow-up on the same branch holding the command and its output", async () => {
    world = await makeLandingWorld({ maxAttempts: 2 });
    await startTask();
    const first = await world.runNext({ files: { "a.txt": "five\n" }, checks: FAILING, conversation: "conv-1" });
    expect(first.finished).toMatchObject({
      status: "failed",
      endReason: "checks_failed",
      error: "check `pnpm test` failed (exit 1)",
    });
    const task = await world.caller.task.byId({ id: "WEB-1" });
    expect(task).toMatchObject({ status: "in_progress", failedAttempts: 1 });
    expect(task.landing).toMatchObject({ checksState: "failed", headCommit: first.headCommit });

    const [followUp] = (await world.caller.session.list({ taskId: "WEB-1", status: ["queued"] })).items;
    expect(followUp).toMatchObject({
      resumedFromId: first.finished.id,
      resumeReason: "its check `pnpm test` failed (exit 1)",
      agentSessionId: "conv-1",
      worktreePath: first.worktreePath,
      branch: first.branch,
    });
    // Whether the agent starts over or resumes its conversation, it is told what failed.
    for (const text of [followUp!.prompt, followUp!.followUp!]) {
      expect(text).toContain("pnpm test");
      expect(text).toContain("expected 4, got 5");
    }
    const second = await world.runNext({ files: { "a.txt": "four\n" } });
    expect(second.claim.launch.resumeId).toBe("conv-1");
    expect(second.claim.launch.prompt).toMatch(/^Maestro is resuming this session: its check `pnpm test` failed/);
    expect(second.claim.launch.prompt).toContain("FAIL a.test.ts\nexpected 4, got 5");
    expect(second.branch).toBe(first.branch);
    expect(second.finished.endReason).toBe("completed");
    const done = await world.caller.task.byId({ id: "WEB-1" });
    expect(done.status).toBe("in_review");
    expect(done.landing).toMatchObject({
      checksState: "passed",
      reviewState: "pending",
      headCommit: second.headCommit,
    });
  });

  it("sends the follow-up with the whole prompt to an agent that cannot resume", async () => {
    world = await makeLandingWorld({ maxAttempts: 3 });
    await startTask("script");
    await world.runNext({ checks: FAILING });
    const next = await world.runNext({ checks: { ...FAILING, output: "still wrong\n" } });
    expect(next.claim.launch.resumeId).toBeNull();
    expect(next.claim.launch.prompt).toMatch(/# Your task\n\n## WEB-1: Count to four[\s\S]*expected 4, got 5/);
    const [third] = (await world.caller.session.list({ taskId: "WEB-1", status: ["queued"] })).items;
    expect(third!.prompt).toContain("still wrong");
    expect(third!.prompt).not.toContain("expected 4, got 5");
  });

  it("keeps a follow-up that was cut short: the session that continues it still has it to do", async () => {
    world = await makeLandingWorld({ maxAttempts: 2 });
    await startTask();
    await world.runNext({ checks: FAILING, conversation: "conv-1" });
    const claim = (await world.caller.runner.claim({ runnerId: "r1" }))!;
    const { worktreePath, branch } = claim.session;
    const lease = { sessionId: claim.session.id, lease: claim.lease };
    await world.caller.runner.started({ ...lease, pid: 999999, cwd: worktreePath!, worktreePath, branch });
    await interruptOrphanedSessions(world.ctx);
    const again = await world.caller.session.start({ taskIds: ["WEB-1"], agent: "claude", worktree: true });
    expect(again).toMatchObject({ resumedFromId: claim.session.id, branch, followUp: claim.session.followUp });
    expect(again.prompt).toContain("expected 4, got 5");
  });

  it("fails the task when its follow-up cannot start, saying why", async () => {
    world = await makeLandingWorld({ maxAttempts: 2 });
    await startTask("script");
    const run = await world.runNext({
      checks: FAILING,
      beforeFinish: () => world.caller.agent.remove({ name: "script" }),
    });
    expect(run.finished.status).toBe("failed");
    const task = await world.caller.task.byId({ id: "WEB-1" });
    expect(task).toMatchObject({ status: "failed", failedAttempts: 1 });
    expect(task.landing.note).toBe(
      'check `pnpm test` failed (exit 1); its follow-up could not start: agent "script" not found',
    );
    expect((await world.caller.session.list({ taskId: "WEB-1", status: ["queued"] })).items).toEqual([]);
  });

  it("fails the task once its attempts are used up, naming the check in its why", async () => {
    world = await makeLandingWorld();
    await startTask();
    await world.runNext({ checks: FAILING });
    const task = await world.caller.task.byId({ id: "WEB-1" });
    expect(task).toMatchObject({ status: "failed", failedAttempts: 1 });
    expect(task.landing.note).toBe("check `pnpm test` failed (exit 1)");
    expect((await world.caller.session.list({ taskId: "WEB-1", status: ["queued"] })).items).toEqual([]);
    const why = await world.caller.task.why({ id: "WEB-1" });
    expect(JSON.stringify(why)).toContain("failed after 1 attempt: check `pnpm test` failed (exit 1)");
  });
});
