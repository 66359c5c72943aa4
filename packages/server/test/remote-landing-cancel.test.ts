import { latestEventId, listEvents } from "@maestro/db";
import type { Task } from "@maestro/domain";
import { afterEach, describe, expect, it } from "vitest";
import { expectTrpcError } from "./helpers";
import { type RemoteWorld, commit, makeRemoteWorld } from "./remote-landing-world";

let world: RemoteWorld;
afterEach(async () => await world?.close());

const isLanding = (task: { landing: { landState: string } }) => task.landing.landState === "landing";

/** Tasks REM-1… of a remote project, each run and waiting for a runner to land it. */
async function landingTasks(count: number): Promise<void> {
  world = await makeRemoteWorld();
  for (let i = 1; i <= count; i++) {
    await world.caller.task.create({ projectId: "REM", title: `Task ${i}` });
    await world.runTask(`REM-${i}`);
    await world.waitForTask(`REM-${i}`, isLanding);
  }
}

async function claimed(runnerId = "l1") {
  const job = (await world.claimLanding(runnerId))!;
  return { jobId: job.jobId, lease: job.lease, taskKey: job.taskKey };
}

describe("a task cancelled while a runner lands it", () => {
  it("takes a landed result: the landing is recorded and says so, the task stays cancelled, the job ends", async () => {
    await landingTasks(1);
    const { taskKey, ...ref } = await claimed();
    await world.caller.task.update({ id: taskKey, status: "cancelled" });
    const merged = commit(0xc0ffee);
    await world.caller.runner.landingResult({ ...ref, outcome: { kind: "landed", commit: merged } });
    const task = await world.caller.task.byId({ id: taskKey });
    expect(task.status).toBe("cancelled");
    expect(task.landing).toMatchObject({
      landState: "landed",
      landedCommit: merged,
      landingCommit: null,
      note: "a runner landed it on main after it was cancelled; it stays cancelled",
    });
    expect(await world.landJobs()).toEqual([]);
    const events = await listEvents(world.database.db, { entityId: task.id, kinds: ["task.updated"], limit: 1_000 });
    const last = events.at(-1)?.payload as { task: Task } | undefined;
    expect(last?.task.landing.note).toMatch(/after it was cancelled/);
  });

  it("takes a conflict or a waiting result by ending the job only", async () => {
    await landingTasks(2);
    for (const outcome of [
      { kind: "conflict" as const, files: ["a.txt"] },
      { kind: "waiting" as const, note: "the remote refused the push" },
    ]) {
      const { taskKey, ...ref } = await claimed();
      await world.caller.task.update({ id: taskKey, status: "cancelled" });
      const before = await world.caller.task.byId({ id: taskKey });
      await world.caller.runner.landingResult({ ...ref, outcome });
      expect(await world.caller.task.byId({ id: taskKey })).toEqual(before);
    }
    expect(await world.landJobs()).toEqual([]);
  });

  it("refuses a result for a task deleted meanwhile: its job went with it, so nothing lingers", async () => {
    await landingTasks(1);
    const { taskKey, ...ref } = await claimed();
    await world.caller.task.delete({ id: taskKey });
    expect(await world.landJobs()).toEqual([]);
    await expectTrpcError(
      world.caller.runner.landingResult({ ...ref, outcome: { kind: "landed", commit: commit(4) } }),
      "CONFLICT",
      /no longer queued/,
    );
  });
});

describe("removing a project's repositoryUrl", () => {
  it("ends its land jobs, queued or claimed, and hands its landing tasks back to the local lander, with the update", async () => {
    await landingTasks(2);
    const ref = await claimed();
    expect((await world.landJobs()).map((job) => job.state)).toEqual(["claimed", "queued"]);
    const before = await latestEventId(world.database.db);
    await world.caller.project.update({ id: "REM", settings: { repositoryUrl: null } });
    expect(await world.landJobs()).toEqual([]);

    const after = await listEvents(world.database.db, { afterId: before, limit: 3 });
    expect(after.map((event) => event.kind)).toEqual(["project.updated", "task.updated", "task.updated"]);
    for (const event of after.slice(1)) {
      expect((event.payload as { task: Task }).task.landing).toMatchObject({ landState: "queued", note: null });
    }
    await expectTrpcError(
      world.caller.runner.landingResult({
        jobId: ref.jobId,
        lease: ref.lease,
        outcome: { kind: "landed", commit: commit(4) },
      }),
      "CONFLICT",
    );
    expect(await world.claimLanding("l2")).toBeNull();
    // The local lander takes them: here the project's folder is no repository, so they wait saying why.
    const waiting = await world.waitForTask("REM-1", (task) => task.landing.landState === "waiting");
    expect(waiting.landing.note).not.toMatch(/runner/);
  });

  it("leaves a project that keeps its repositoryUrl alone", async () => {
    await landingTasks(1);
    await world.caller.project.update({ id: "REM", settings: { landStrategy: "squash" } });
    expect((await world.landJobs()).map((job) => job.state)).toEqual(["queued"]);
    expect((await world.caller.task.byId({ id: "REM-1" })).landing.landState).toBe("landing");
  });
});
