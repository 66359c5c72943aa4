import { sql } from "@maestro/db";
import { afterEach, describe, expect, it } from "vitest";
import { waitWhileLanding } from "../src/services/landing/await-remote-landing";
import { landTask } from "../src/services/landing/land-task";
import { recoverLandings } from "../src/services/landing/recover-landings";
import { type RemoteWorld, commit, makeRemoteWorld } from "./remote-landing-world";

let world: RemoteWorld;
afterEach(async () => await world?.close());

const isLanding = (task: { landing: { landState: string } }) => task.landing.landState === "landing";

/** A manual-policy project's task, approved: `task land` is what lands it. */
async function approvedTask(options: { withLander?: boolean } = {}): Promise<void> {
  world = await makeRemoteWorld({ landPolicy: "manual" }, options);
  await world.caller.task.create({ projectId: "REM", title: "One" });
  await world.runTask("REM-1");
  await world.caller.task.review({ id: "REM-1", verdict: "approve" });
}

describe("task land on a project whose repository is elsewhere", () => {
  it("queues the job and answers once a runner has landed it", async () => {
    // No lander: it would queue the approved task itself, and a runner could land it before `task land` looks.
    await approvedTask({ withLander: false });
    expect(await world.landJobs()).toEqual([]);
    const runner = (async () => {
      const job = (await world.claimLanding("l1", 10_000))!;
      await world.caller.runner.landingResult({
        jobId: job.jobId,
        lease: job.lease,
        outcome: { kind: "landed", commit: commit(5) },
      });
    })();
    const landed = await world.caller.task.land({ id: "REM-1" });
    await runner;
    expect(landed.status).toBe("done");
    expect(landed.landing).toMatchObject({ landState: "landed", landedCommit: commit(5) });
  });

  it("says so when no runner has landed it yet, and the job stays queued", async () => {
    await approvedTask();
    const ctx = { ...world.ctx, signal: AbortSignal.abort() };
    const error = await landTask({ ctx, input: { id: "REM-1" } }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: "INVALID_TRANSITION",
      message: expect.stringMatching(
        /REM-1 is queued for a runner to land it on main, and no runner has landed it yet: it stays queued/,
      ),
    });
    expect(await world.landJobs()).toMatchObject([{ state: "queued" }]);
    expect((await world.caller.task.byId({ id: "REM-1" })).landing.landState).toBe("landing");
  });

  it("waits while the task is landing, up to its time limit", async () => {
    await approvedTask();
    await expect(
      landTask({ ctx: { ...world.ctx, signal: AbortSignal.abort() }, input: { id: "REM-1" } }),
    ).rejects.toThrow();
    const started = Date.now();
    const task = await waitWhileLanding(world.ctx, (await world.caller.task.byId({ id: "REM-1" })).id, 300);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(task?.landing.landState).toBe("landing");
  });

  it("a waiting outcome is not handed back to the runners at the lander's pace, but task land asks again at once", async () => {
    world = await makeRemoteWorld();
    await world.caller.task.create({ projectId: "REM", title: "One" });
    await world.runTask("REM-1");
    await world.waitForTask("REM-1", isLanding);
    const job = (await world.claimLanding())!;
    await world.caller.runner.landingResult({
      jobId: job.jobId,
      lease: 1,
      outcome: { kind: "waiting", note: "the remote is down" },
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await world.caller.task.byId({ id: "REM-1" })).landing).toMatchObject({
      landState: "waiting",
      note: "the remote is down",
    });
    expect(await world.landJobs()).toEqual([]);
    const ctx = { ...world.ctx, signal: AbortSignal.abort() };
    await expect(landTask({ ctx, input: { id: "REM-1" } })).rejects.toThrow(/no runner has landed it yet/);
    expect(await world.landJobs()).toMatchObject([{ state: "queued" }]);
  });
});

describe("recovering a remote project's landings", () => {
  it("leaves a task whose job is with the runners alone, and queues a job for one that has none", async () => {
    world = await makeRemoteWorld();
    await world.caller.task.create({ projectId: "REM", title: "One" });
    await world.runTask("REM-1");
    await world.waitForTask("REM-1", isLanding);
    const claimed = (await world.claimLanding())!;
    const log: string[] = [];
    await recoverLandings(world.ctx, { log: (line) => log.push(line) });
    expect(await world.landJobs()).toMatchObject([{ id: claimed.jobId, state: "claimed", lease: 1 }]);
    expect(log).toEqual([]);

    await world.database.transaction((tx) => tx.run(sql`DELETE FROM land_jobs`));
    await recoverLandings(world.ctx, { log: (line) => log.push(line) });
    const [job] = await world.landJobs();
    expect(job).toMatchObject({ state: "queued", lease: 0 });
    expect(job!.id).not.toBe(claimed.jobId);
    expect(log).toEqual(["lander: REM-1 was landing without a land job; a new one is queued for the runners"]);
    expect((await world.caller.task.byId({ id: "REM-1" })).landing.landState).toBe("landing");
  });
});
