import { existsSync } from "node:fs";
import { join } from "node:path";
import { sql } from "@maestro/db";
import { afterEach, describe, expect, it } from "vitest";
import { expectTrpcError, storeSnapshot } from "./helpers";
import { REMOTE_URL, type RemoteWorld, commit, makeRemoteWorld } from "./remote-landing-world";

let world: RemoteWorld;
afterEach(async () => await world?.close());

const isLanding = (task: { landing: { landState: string } }) => task.landing.landState === "landing";

describe("landing a project whose repository is elsewhere", () => {
  it("hands the session's claim the repository URL, and the lander queues a land job without any git here", async () => {
    world = await makeRemoteWorld();
    await world.caller.task.create({ projectId: "REM", title: "One" });
    const { claim, head, branch } = await world.runTask("REM-1");
    expect(claim.landing).toMatchObject({ repositoryUrl: REMOTE_URL, targetBranch: "main" });
    const task = await world.waitForTask("REM-1", isLanding);
    expect(task.landing).toMatchObject({
      branch,
      headCommit: head,
      landState: "landing",
      note: "waiting for a runner to land it on main",
    });
    expect(await world.landJobs()).toMatchObject([{ taskId: task.id, state: "queued", lease: 0, runnerId: null }]);
    expect(existsSync(join(world.rootDir, ".git"))).toBe(false);
    expect(world.log).toEqual([]);
  });

  it("gives a runner the job with what it needs; its intent records the commit; landed makes the task done and its dependent ready", async () => {
    world = await makeRemoteWorld({ landStrategy: "squash" });
    const first = await world.caller.task.create({ projectId: "REM", title: "One" });
    await world.caller.task.create({ projectId: "REM", title: "Two", dependsOn: [first.id] });
    const { branch, head } = await world.runTask("REM-1");
    await world.waitForTask("REM-1", isLanding);
    const job = (await world.claimLanding("l1"))!;
    expect(job).toEqual({
      jobId: expect.any(String),
      lease: 1,
      projectId: world.project.id,
      taskId: first.id,
      taskKey: "REM-1",
      taskTitle: "One",
      repositoryUrl: REMOTE_URL,
      targetBranch: "main",
      branch,
      head,
      strategy: "squash",
      landingCommit: null,
      mode: "land",
    });
    expect(await world.landJobs()).toMatchObject([{ state: "claimed", runnerId: "l1", lease: 1 }]);
    const ready = async () => (await world.caller.task.list({ projectId: "REM", ready: true })).items.map((t) => t.key);
    expect(await ready()).not.toContain("REM-2");

    const merged = commit(0xabc);
    await world.caller.runner.landingIntent({ jobId: job.jobId, lease: 1, commit: merged });
    expect((await world.caller.task.byId({ id: "REM-1" })).landing).toMatchObject({
      landState: "landing",
      landingCommit: merged,
    });
    await world.caller.runner.landingResult({
      jobId: job.jobId,
      lease: 1,
      outcome: { kind: "landed", commit: merged },
    });
    const done = await world.caller.task.byId({ id: "REM-1" });
    expect(done.status).toBe("done");
    expect(done.landing).toMatchObject({ landState: "landed", landedCommit: merged, landingCommit: null, note: null });
    expect(await world.landJobs()).toEqual([]);
    expect(await ready()).toContain("REM-2");
  });

  it("records a conflict with its files, and a waiting outcome with its note; each ends the job", async () => {
    world = await makeRemoteWorld();
    await world.caller.task.create({ projectId: "REM", title: "One" });
    await world.caller.task.create({ projectId: "REM", title: "Two" });
    await world.runTask("REM-1");
    await world.runTask("REM-2");
    await world.waitForTask("REM-1", isLanding);
    await world.waitForTask("REM-2", isLanding);
    const one = (await world.claimLanding())!;
    await world.caller.runner.landingResult({ ...ref(one), outcome: { kind: "conflict", files: ["a.txt", "b.txt"] } });
    expect((await world.caller.task.byId({ id: "REM-1" })).landing).toMatchObject({
      landState: "conflict",
      conflictFiles: ["a.txt", "b.txt"],
      landingCommit: null,
    });
    const two = (await world.claimLanding())!;
    expect(two.taskKey).toBe("REM-2");
    const note = "the remote refused the push: protected branch";
    await world.caller.runner.landingResult({ ...ref(two), outcome: { kind: "waiting", note } });
    const waiting = await world.caller.task.byId({ id: "REM-2" });
    expect(waiting.status).toBe("in_review");
    expect(waiting.landing).toMatchObject({ landState: "waiting", note });
    expect(await world.landJobs()).toEqual([]);
  });

  it("refuses a runner whose claim expired and was taken over, writing nothing; the new claim has a higher lease", async () => {
    world = await makeRemoteWorld();
    await world.caller.task.create({ projectId: "REM", title: "One" });
    await world.runTask("REM-1");
    await world.waitForTask("REM-1", isLanding);
    const stale = (await world.claimLanding("l1"))!;
    expect(await world.claimLanding("l2")).toBeNull();
    await world.database.transaction((tx) => tx.run(sql`UPDATE land_jobs SET lease_expires_at = ${new Date(0)}`));
    const fresh = (await world.claimLanding("l2"))!;
    expect(fresh).toMatchObject({ jobId: stale.jobId, lease: 2 });

    const before = await storeSnapshot(world.database);
    const jobs = await world.landJobs();
    await expectTrpcError(
      world.caller.runner.landingIntent({ ...ref(stale), commit: commit(7) }),
      "CONFLICT",
      /not held by lease 1 .*lease 2/,
    );
    await expectTrpcError(
      world.caller.runner.landingResult({ ...ref(stale), outcome: { kind: "landed", commit: commit(7) } }),
      "CONFLICT",
      /another runner has it/,
    );
    expect(await storeSnapshot(world.database)).toBe(before);
    expect(await world.landJobs()).toEqual(jobs);

    await world.caller.runner.landingResult({ ...ref(fresh), outcome: { kind: "landed", commit: commit(8) } });
    await expectTrpcError(
      world.caller.runner.landingResult({ ...ref(fresh), outcome: { kind: "landed", commit: commit(8) } }),
      "CONFLICT",
      /no longer queued/,
    );
    expect((await world.caller.task.byId({ id: "REM-1" })).status).toBe("done");
  });

  it("lands one task of a project at a time", async () => {
    world = await makeRemoteWorld();
    await world.caller.task.create({ projectId: "REM", title: "One" });
    await world.caller.task.create({ projectId: "REM", title: "Two" });
    await world.runTask("REM-1");
    await world.runTask("REM-2");
    await world.waitForTask("REM-2", isLanding);
    const one = (await world.claimLanding("l1"))!;
    expect(one.taskKey).toBe("REM-1");
    expect(await world.claimLanding("l2")).toBeNull();
    await world.caller.runner.landingResult({ ...ref(one), outcome: { kind: "landed", commit: commit(9) } });
    expect((await world.claimLanding("l2"))?.taskKey).toBe("REM-2");
  });

  it("holds a claim open until a job is queued, and answers it null when its runner stops", async () => {
    world = await makeRemoteWorld();
    await world.caller.task.create({ projectId: "REM", title: "One" });
    const started = Date.now();
    const waiting = world.claimLanding("l1", 10_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(world.ctx.dispatcher.landings.waiting("l1")).toBe(1);
    await world.runTask("REM-1");
    expect((await waiting)?.taskKey).toBe("REM-1");
    expect(Date.now() - started).toBeLessThan(5_000);

    const idle = world.claimLanding("l2", 10_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await world.caller.runner.release({ runnerId: "l2" })).toEqual({ released: 1 });
    expect(await idle).toBeNull();
  });

  it("serves task.diff from the runner's report (none yet: NOT_FOUND), the stat without its patch", async () => {
    world = await makeRemoteWorld({ landPolicy: "manual" });
    await world.caller.task.create({ projectId: "REM", title: "One" });
    await world.caller.session.start({ taskIds: ["REM-1"], agent: "script", worktree: true });
    const claim = (await world.caller.runner.claim({ runnerId: "r1" }))!;
    const lease = { sessionId: claim.session.id, lease: claim.lease };
    await world.caller.runner.started({ ...lease, pid: 1, cwd: "/w", worktreePath: "/w", branch: "maestro/REM-1-1" });
    await expectTrpcError(world.caller.task.diff({ id: "REM-1" }), "NOT_FOUND", /no diff reported for REM-1 yet/);
    const file = {
      path: "x.ts",
      oldPath: null,
      status: "modified" as const,
      additions: 2,
      deletions: 1,
      isBinary: false,
    };
    const report = {
      base: commit(1),
      head: commit(2),
      files: [file],
      patch: "@@ -1 +1,2 @@\n-a\n+b\n+c\n",
      isTruncated: true,
    };
    await world.caller.runner.reportDiff({ ...lease, ...report });
    expect(await world.caller.task.diff({ id: "REM-1" })).toEqual({
      taskId: claim.session.taskIds[0],
      branch: "maestro/REM-1-1",
      ...report,
    });
    expect(await world.caller.task.diff({ id: "REM-1", stat: true })).toMatchObject({
      patch: null,
      isTruncated: false,
      files: [file],
    });
    await expectTrpcError(world.caller.runner.reportDiff({ ...lease, lease: claim.lease + 1, ...report }), "CONFLICT");
  });

  it("places review comments in the reported diff's hunks, refusing a file it does not change", async () => {
    world = await makeRemoteWorld({ landPolicy: "manual" });
    await world.caller.task.create({ projectId: "REM", title: "One" });
    await world.runTask("REM-1");
    await expectTrpcError(
      world.caller.task.review({
        id: "REM-1",
        verdict: "request_changes",
        comment: "no",
        comments: [{ file: "other.txt", line: 1, text: "?" }],
      }),
      "BAD_REQUEST",
      /other\.txt is not changed by REM-1's diff/,
    );
    await world.caller.task.review({
      id: "REM-1",
      verdict: "request_changes",
      comment: "shorter",
      comments: [{ file: "REM-1.txt", line: 1, text: "say more" }],
    });
    expect((await world.caller.task.byId({ id: "REM-1" })).landing.reviewState).toBe("changes_requested");
    const { items } = await world.caller.session.list({ taskId: "REM-1", status: "queued" });
    expect(items[0]?.prompt).toContain("@@ -0,0 +1 @@");
  });

  it("lists no worktrees for it (they are the runners')", async () => {
    world = await makeRemoteWorld();
    expect((await world.caller.worktree.list({ projectId: "REM" })).items).toEqual([]);
    expect(await world.caller.worktree.prune({ projectId: "REM", dryRun: false, force: true })).toMatchObject({
      removed: [],
      kept: [],
    });
  });
});

function ref(job: { jobId: string; lease: number }) {
  return { jobId: job.jobId, lease: job.lease };
}
