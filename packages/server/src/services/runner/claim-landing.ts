import {
  type Db,
  type LandJobRecord,
  claimLandJob,
  deleteLandJob,
  findClaimableLandJob,
  findProjectById,
  findTaskById,
} from "@maestro/db";
import type { ClaimLandingInput, LandJob, LandJobMode } from "@maestro/domain";
import type { Context } from "../../context";
import { prJobFieldsOf } from "../landing/remote-pr-job";
import { type VerbArgs, inTransaction } from "../unit-of-work";

/**
 * How long a claim of a land job lasts past its runner's last heartbeat (which carries the job),
 * as a session's lease does (the watchdog's 30 s): six beats at the runner's default 5 s, so a few
 * late beats cost nothing, while a runner that died holds its project's landings up only this long
 * before another runner takes the job over with the next lease.
 */
export const LAND_JOB_LEASE_MS = 30_000;

/**
 * What the runner needs to land the job's task, or null when the job is no longer landable (its
 * task settled, was cancelled, or its project lost its repositoryUrl): such a job is dropped.
 */
async function landJobOf(tx: Db, job: LandJobRecord): Promise<LandJob | null> {
  const task = await findTaskById(tx, job.taskId);
  const project = await findProjectById(tx, job.projectId);
  const url = project?.settings.repositoryUrl;
  const target = project?.settings.targetBranch;
  if (!task || !project || !url || !target || task.status === "cancelled") return null;
  const { branch, headCommit, landingCommit } = task.landing;
  const pr = await prJobFieldsOf(tx, job.mode, task);
  if (!pr || !branch || !headCommit) return null;
  return {
    ...pr,
    jobId: job.id,
    lease: job.lease,
    projectId: project.id,
    taskId: task.id,
    taskKey: task.key,
    taskTitle: task.title,
    repositoryUrl: url,
    targetBranch: target,
    branch,
    head: headCommit,
    strategy: project.settings.landStrategy,
    landingCommit,
  };
}

/**
 * Claims the oldest claimable land job for the runner (one live claim per project), or null. A
 * job found not landable is deleted in the same transaction and the next one tried.
 */
export async function claimNextLanding(
  ctx: Context,
  runnerId: string,
  modes: readonly LandJobMode[] = ["land"],
): Promise<LandJob | null> {
  // An empty queue (a runner about to wait) is answered by a plain read, without a transaction.
  if (!(await findClaimableLandJob(ctx.database.db, new Date(), [], modes))) return null;
  return await inTransaction(ctx, async (tx) => {
    for (;;) {
      const job = await claimLandJob(tx, { runnerId, now: new Date(), ttlMs: LAND_JOB_LEASE_MS, modes });
      if (!job) return null;
      const landJob = await landJobOf(tx, job);
      if (landJob) return landJob;
      await deleteLandJob(tx, job.id);
    }
  });
}

/** Claims a land job now, or (with `waitMs`) waits up to that long for one to be queued. */
export async function claimLanding({ ctx, input }: VerbArgs<ClaimLandingInput>): Promise<LandJob | null> {
  const job = await claimNextLanding(ctx, input.runnerId, input.modes);
  if (job || !input.waitMs) return job;
  return await ctx.dispatcher.landings.wait({ ctx, runnerId: input.runnerId, modes: input.modes }, input.waitMs);
}
