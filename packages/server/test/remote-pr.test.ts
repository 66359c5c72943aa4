import { sql } from "@maestro/db";
import { afterEach, describe, expect, it } from "vitest";
import { recoverLandings } from "../src/services/landing/recover-landings";
import { type RemoteWorld, commit, makeRemoteWorld } from "./remote-landing-world";

let world: RemoteWorld;
afterEach(async () => await world?.close());

const ALL_MODES = ["land", "open_pr", "check_pr"] as const;
const PR_URL = "https://git.example.com/team/web/pull/7";

/** A PR mode project whose repository is elsewhere, with task REM-1 run and handed to the runners. */
async function prWorld(prPollMs = 100) {
  world = await makeRemoteWorld({ landPolicy: "pr" }, { prPollMs });
  await world.caller.task.create({
    projectId: "REM",
    title: "One",
    description: "Make it one.",
    acceptanceCriteria: ["it is one"],
  });
  const run = await world.runTask("REM-1");
  await world.waitForTask("REM-1", (task) => task.landing.landState === "landing");
  return run;
}

describe("PR mode for a project whose repository is elsewhere", () => {
  it("queues an open_pr job that only a runner knowing PR mode gets, with the PR's title and body", async () => {
    const { branch, head } = await prWorld();
    const task = await world.caller.task.byId({ id: "REM-1" });
    expect(task.landing.note).toBe("waiting for a runner to open its pull request on main");
    expect(await world.landJobs()).toMatchObject([{ taskId: task.id, mode: "open_pr", state: "queued" }]);
    // A runner from before PR mode asks for `land` jobs only: it would merge this one.
    expect(await world.claimLanding("old")).toBeNull();
    const job = (await world.claimLanding("l1", undefined, [...ALL_MODES]))!;
    expect(job).toMatchObject({ mode: "open_pr", taskKey: "REM-1", branch, head, prTitle: "REM-1 One" });
    expect(job.prBody).toContain("Make it one.");
    expect(job.prBody).toContain("- it is one");
    expect(job.prBody).toContain("_Opened by Maestro for REM-1._");
  });

  it("hands a job to a waiting runner that can do it, past an older runner waiting longer", async () => {
    world = await makeRemoteWorld({ landPolicy: "pr" }, { prPollMs: 100 });
    await world.caller.task.create({ projectId: "REM", title: "One" });
    const old = world.claimLanding("old", 1_500);
    const current = world.claimLanding("new", 5_000, [...ALL_MODES]);
    await world.runTask("REM-1");
    expect(await current).toMatchObject({ mode: "open_pr", taskKey: "REM-1" });
    expect(await old).toBeNull();
  });

  it("stores the opened PR's URL, checks on it at the PR pace, and a merged PR makes the task done", async () => {
    await prWorld();
    const opening = (await world.claimLanding("l1", undefined, [...ALL_MODES]))!;
    const outcome = { kind: "pr_open" as const, prUrl: PR_URL, note: null };
    await world.caller.runner.landingResult({ jobId: opening.jobId, lease: opening.lease, outcome });
    const open = await world.caller.task.byId({ id: "REM-1" });
    expect(open.status).toBe("in_review");
    expect(open.landing).toMatchObject({ landState: "pr_open", prUrl: PR_URL, note: null });

    const checking = await waitForJob("check_pr");
    expect(checking).toMatchObject({ mode: "check_pr", prUrl: PR_URL, taskKey: "REM-1" });
    // Still open: the task stays pr_open, and is asked about again later.
    await world.caller.runner.landingResult({ jobId: checking.jobId, lease: checking.lease, outcome });
    expect((await world.caller.task.byId({ id: "REM-1" })).landing.landState).toBe("pr_open");

    const again = await waitForJob("check_pr");
    const merged = commit(0xfeed);
    await world.caller.runner.landingResult({
      jobId: again.jobId,
      lease: again.lease,
      outcome: { kind: "landed", commit: merged },
    });
    const done = await world.caller.task.byId({ id: "REM-1" });
    expect(done.status).toBe("done");
    expect(done.landing).toMatchObject({ landState: "landed", landedCommit: merged, prUrl: PR_URL });
    expect(await world.landJobs()).toEqual([]);
  });

  it("task land on an open PR has a runner check it now, and answers what the runner found", async () => {
    // The lander does not check on it meanwhile: only task land queues the check.
    await prWorld(600_000);
    const opening = (await world.claimLanding("l1", undefined, [...ALL_MODES]))!;
    const outcome = { kind: "pr_open" as const, prUrl: PR_URL, note: null };
    await world.caller.runner.landingResult({ jobId: opening.jobId, lease: opening.lease, outcome });
    // A runner that answers the check: merged.
    const merged = commit(0xbeef);
    const runner = (async () => {
      const job = await waitForJob("check_pr");
      await world.caller.runner.landingResult({
        jobId: job.jobId,
        lease: job.lease,
        outcome: { kind: "landed", commit: merged },
      });
    })();
    const landed = await world.caller.task.land({ id: "REM-1" });
    await runner;
    expect(landed.status).toBe("done");
    expect(landed.landing).toMatchObject({ landState: "landed", landedCommit: merged });
  });

  it("at start-up, a task waiting for its PR to be opened without a job gets an open_pr job, never a landing", async () => {
    await prWorld();
    await world.database.transaction((tx) => tx.run(sql`DELETE FROM land_jobs`));
    await recoverLandings(world.ctx, { log: () => {} });
    expect(await world.landJobs()).toMatchObject([{ mode: "open_pr", state: "queued" }]);
    expect((await world.caller.task.byId({ id: "REM-1" })).landing.landState).toBe("landing");
  });

  it("keeps the note of a PR to open by hand; a closed PR makes the task wait, saying so", async () => {
    await prWorld();
    const opening = (await world.claimLanding("l1", undefined, [...ALL_MODES]))!;
    const note = "pushed maestro/REM-1-1 to the remote; gh is not installed, so open the pull request yourself";
    await world.caller.runner.landingResult({
      jobId: opening.jobId,
      lease: opening.lease,
      outcome: { kind: "pr_open", prUrl: null, note },
    });
    expect((await world.caller.task.byId({ id: "REM-1" })).landing).toMatchObject({
      landState: "pr_open",
      prUrl: null,
      note,
    });
    const checking = await waitForJob("check_pr");
    expect(checking.prUrl).toBeNull();
    const closed = `the pull request ${PR_URL} was closed without merging`;
    await world.caller.runner.landingResult({
      jobId: checking.jobId,
      lease: checking.lease,
      outcome: { kind: "waiting", note: closed },
    });
    expect((await world.caller.task.byId({ id: "REM-1" })).landing).toMatchObject({
      landState: "waiting",
      note: closed,
    });
  });
});

/** Claims (as a runner knowing PR mode) the next job of `mode` the lander queues. */
async function waitForJob(mode: "check_pr") {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const job = await world.claimLanding("l1", undefined, [...ALL_MODES]);
    if (job) {
      expect(job.mode).toBe(mode);
      return job;
    }
    if (Date.now() > deadline) throw new Error(`no ${mode} job was queued: ${JSON.stringify(await world.landJobs())}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
