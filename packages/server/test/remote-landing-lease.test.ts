import { sql } from "@maestro/db";
import { MAX_HEARTBEAT_LAND_JOBS } from "@maestro/domain";
import { afterEach, describe, expect, it } from "vitest";
import { LAND_JOB_LEASE_MS } from "../src/services/runner/claim-landing";
import { expectTrpcError } from "./helpers";
import { type RemoteWorld, commit, makeRemoteWorld } from "./remote-landing-world";

let world: RemoteWorld;
afterEach(async () => await world?.close());

const isLanding = (task: { landing: { landState: string } }) => task.landing.landState === "landing";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A remote project's task waiting for a runner, claimed by runner l1. */
async function claimedJob() {
  world = await makeRemoteWorld();
  await world.caller.task.create({ projectId: "REM", title: "One" });
  await world.runTask("REM-1");
  await world.waitForTask("REM-1", isLanding);
  const claimedAt = Date.now();
  const job = (await world.claimLanding("l1"))!;
  return { ref: { jobId: job.jobId, lease: job.lease }, claimedAt };
}

/** The claim as if made a lease ago but 100 ms: it runs out in 100 ms unless renewed. */
async function nearlyRunOut(): Promise<void> {
  const soon = new Date(Date.now() + 100);
  await world.database.transaction((tx) => tx.run(sql`UPDATE land_jobs SET lease_expires_at = ${soon}`));
}

const beat = (runnerId: string, landJobs: { jobId: string; lease: number }[]) =>
  world.caller.runner.heartbeat({ runnerId, sessions: [], landJobs });

describe("a land job's claim follows its runner's heartbeat", () => {
  it("lasts the short lease, not minutes: a dead runner holds its project's landings up half a minute", async () => {
    const { claimedAt } = await claimedJob();
    expect(LAND_JOB_LEASE_MS).toBeLessThanOrEqual(30_000);
    const [job] = await world.landJobs();
    const lasts = job!.leaseExpiresAt!.getTime() - claimedAt;
    expect(lasts).toBeGreaterThan(LAND_JOB_LEASE_MS - 5_000);
    expect(lasts).toBeLessThanOrEqual(LAND_JOB_LEASE_MS + 1_000);
  });

  it("stays claimed past its lease while the runner's heartbeat carries it", async () => {
    const { ref } = await claimedJob();
    await nearlyRunOut();
    const beatAt = Date.now();
    expect(await beat("l1", [ref])).toEqual({ stop: [] });
    await sleep(200);
    expect(await world.claimLanding("l2")).toBeNull();
    const [job] = await world.landJobs();
    expect(job).toMatchObject({ state: "claimed", runnerId: "l1", lease: 1 });
    expect(job!.leaseExpiresAt!.getTime()).toBeGreaterThanOrEqual(beatAt + LAND_JOB_LEASE_MS - 1_000);
    await world.caller.runner.landingResult({ ...ref, outcome: { kind: "landed", commit: commit(3) } });
    expect((await world.caller.task.byId({ id: "REM-1" })).status).toBe("done");
  });

  it("is claimable again, with a higher lease, once its runner stops beating; the old runner's late beat renews nothing", async () => {
    const { ref } = await claimedJob();
    await nearlyRunOut();
    await sleep(200);
    const fresh = (await world.claimLanding("l2"))!;
    expect(fresh).toMatchObject({ jobId: ref.jobId, lease: 2 });
    const [taken] = await world.landJobs();

    await beat("l1", [ref]);
    expect(await world.landJobs()).toEqual([taken]);
    await expectTrpcError(
      world.caller.runner.landingResult({ ...ref, outcome: { kind: "landed", commit: commit(3) } }),
      "CONFLICT",
      /another runner has it/,
    );
  });

  it("takes at most a bounded number of jobs in one beat", async () => {
    world = await makeRemoteWorld();
    const many = Array.from({ length: MAX_HEARTBEAT_LAND_JOBS + 1 }, (_, i) => ({ jobId: `j${i}`, lease: 1 }));
    await expectTrpcError(beat("l1", many), "BAD_REQUEST");
    expect(await beat("l1", many.slice(1))).toEqual({ stop: [] });
  });
});
