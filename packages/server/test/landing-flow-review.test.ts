import { afterEach, describe, expect, it } from "vitest";
import { changeLanding } from "../src/services/landing/landing-writes";
import { expectTrpcError } from "./helpers";
import { type LandingWorld, makeLandingWorld } from "./landing-world";

let world: LandingWorld;
afterEach(async () => await world.close());

/** WEB-1 worked in a worktree by claude (conversation conv-1), its checks passed: in review. */
async function inReview(settings = {}) {
  world = await makeLandingWorld(settings);
  await world.caller.task.create({ projectId: "WEB", title: "Count to four" });
  await world.caller.session.start({ taskIds: ["WEB-1"], agent: "claude", worktree: true });
  return world.runNext({ files: { "a.txt": "one\ntwo\nTHREE\nfour\n" }, conversation: "conv-1" });
}

/** The lander's verdict on a landing that would conflict (written as the lander writes it). */
async function markConflict(files: string[]) {
  const task = await world.caller.task.byId({ id: "WEB-1" });
  await world.database.transaction((tx) =>
    changeLanding(tx, () => {}, task.id, { landing: { landState: "conflict", conflictFiles: files } }),
  );
}

describe("task review", () => {
  it("approves: a review row with who and which commit, an event, and the work queued to land", async () => {
    const run = await inReview();
    const outcome = await world.caller.task.review({ id: "WEB-1", verdict: "approve", comment: "Good." });
    expect(outcome.session).toBeNull();
    expect(outcome.review).toMatchObject({
      actor: "test",
      verdict: "approve",
      comment: "Good.",
      headCommit: run.headCommit,
    });
    expect(outcome.task.landing).toMatchObject({ reviewState: "approved", landState: "queued" });
    expect((await world.caller.task.reviews({ id: "WEB-1" })).items).toEqual([outcome.review]);
    const { items: events } = await world.caller.event.list({ projectId: "WEB" });
    expect(events.some((event) => event.kind === "task.reviewed")).toBe(true);
  });

  it("requests changes: a follow-up in the same conversation gets every comment with file, line and hunk", async () => {
    const run = await inReview();
    const outcome = await world.caller.task.review({
      id: "WEB-1",
      verdict: "request_changes",
      comment: "Keep the case.",
      comments: [{ file: "a.txt", line: 3, text: "three, not THREE" }],
    });
    expect(outcome.task).toMatchObject({ status: "in_progress", failedAttempts: 0 });
    expect(outcome.task.landing).toMatchObject({ reviewState: "changes_requested", landState: "none" });
    expect(outcome.session).toMatchObject({
      agentSessionId: "conv-1",
      branch: run.branch,
      worktreePath: run.worktreePath,
    });
    const text = outcome.session!.followUp!;
    expect(text).toContain("Keep the case.");
    expect(text).toContain("## a.txt, line 3\n\nthree, not THREE");
    expect(text).toContain("-three\n+THREE\n+four");
    expect(outcome.session!.prompt).toContain(text);

    const next = await world.runNext({ files: { "a.txt": "one\ntwo\nthree\nfour\n" } });
    expect(next.claim.launch.prompt).toContain("three, not THREE");
    const task = await world.caller.task.byId({ id: "WEB-1" });
    expect(task.status).toBe("in_review");
    expect(task.landing).toMatchObject({ reviewState: "pending", headCommit: next.headCommit });
  });

  it("refuses clearly, naming the field: a file not in the diff, a task not in review, one without a branch", async () => {
    await inReview();
    const notInDiff = await expectTrpcError(
      world.caller.task.review({
        id: "WEB-1",
        verdict: "request_changes",
        comments: [{ file: "z.txt", line: 1, text: "?" }],
      }),
      "BAD_REQUEST",
      /z\.txt is not changed by WEB-1/,
    );
    expect(notInDiff.cause).toMatchObject({ code: "INVALID_INPUT", details: { field: "comments.0.file" } });
    expect((await world.caller.task.byId({ id: "WEB-1" })).landing.reviewState).toBe("pending");

    await world.caller.task.review({ id: "WEB-1", verdict: "request_changes", comment: "More." });
    await expectTrpcError(
      world.caller.task.review({ id: "WEB-1", verdict: "approve" }),
      "PRECONDITION_FAILED",
      /in progress/,
    );
    await world.caller.task.create({ projectId: "WEB", title: "Elsewhere" });
    const noBranch = await expectTrpcError(
      world.caller.task.review({ id: "WEB-2", verdict: "approve" }),
      "PRECONDITION_FAILED",
      /WEB-2 has no branch/,
    );
    expect(noBranch.cause).toMatchObject({ details: { field: "id" } });
  });
});

describe("task resolve", () => {
  it("starts the task's agent in its worktree, told to merge the target and resolve the named files", async () => {
    const run = await inReview({ landPolicy: "auto" });
    await markConflict(["a.txt"]);
    const session = await world.caller.task.resolve({ id: "WEB-1" });
    expect(session).toMatchObject({ agent: "claude", agentSessionId: "conv-1", branch: run.branch });
    expect(session.resumeReason).toBe("its branch conflicts with main");
    expect(session.followUp).toContain("git merge main");
    expect(session.followUp).toContain("- a.txt");
    const task = await world.caller.task.byId({ id: "WEB-1" });
    expect(task.status).toBe("in_progress");
    expect(task.landing).toMatchObject({ landState: "none", conflictFiles: ["a.txt"] });

    await world.runNext({ files: { "a.txt": "merged\n" } });
    expect((await world.caller.task.byId({ id: "WEB-1" })).landing).toMatchObject({ landState: "queued" });
  });

  it("runs another agent in the same worktree, starting its own conversation", async () => {
    const run = await inReview();
    await markConflict(["a.txt"]);
    const session = await world.caller.task.resolve({ id: "WEB-1", agent: "script" });
    expect(session).toMatchObject({ agent: "script", agentSessionId: null, worktreePath: run.worktreePath });
    expect((await world.runNext()).claim.launch.prompt).toMatch(/## WEB-1: Count to four[\s\S]*git merge main/);
  });

  it("refuses a task without a conflict", async () => {
    await inReview();
    await expectTrpcError(world.caller.task.resolve({ id: "WEB-1" }), "PRECONDITION_FAILED", /no conflict to resolve/);
  });
});

describe("task overlaps", () => {
  it("flags the files two in-flight branches both change", async () => {
    world = await makeLandingWorld();
    for (const title of ["One", "Two", "Three"]) await world.caller.task.create({ projectId: "WEB", title });
    for (const [key, files] of [
      ["WEB-1", { "a.txt": "1\n", "b.txt": "b\n" }],
      ["WEB-2", { "a.txt": "2\n" }],
      ["WEB-3", { "c.txt": "c\n" }],
    ] as const) {
      await world.caller.session.start({ taskIds: [key], agent: "claude", worktree: true });
      await world.runNext({ files });
    }
    const one = expect.objectContaining({ taskKey: "WEB-1", overlaps: [{ file: "a.txt", taskKeys: ["WEB-2"] }] });
    const two = expect.objectContaining({ taskKey: "WEB-2", overlaps: [{ file: "a.txt", taskKeys: ["WEB-1"] }] });
    expect(await world.caller.task.overlaps({ id: "WEB" })).toEqual({ items: [one, two], nextCursor: null });
    // A page at a time, in the board's order; or one task's entry alone.
    const first = await world.caller.task.overlaps({ id: "WEB", limit: 1 });
    expect(first.items).toEqual([one]);
    expect(await world.caller.task.overlaps({ id: "WEB", limit: 1, cursor: first.nextCursor })).toEqual({
      items: [two],
      nextCursor: null,
    });
    expect(await world.caller.task.overlaps({ id: "WEB", taskId: "WEB-2" })).toEqual({
      items: [two],
      nextCursor: null,
    });
    expect((await world.caller.task.overlaps({ id: "WEB", taskId: "WEB-3" })).items).toEqual([]);
  });
});
