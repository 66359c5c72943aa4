import { renewLandJob } from "@maestro/db";
import type { LandingIntentInput } from "@maestro/domain";
import { changeLanding } from "../landing/landing-writes";
import { type VerbArgs, inTransaction } from "../unit-of-work";
import { LAND_JOB_LEASE_MS } from "./claim-landing";
import { requireLandLease } from "./land-job-lease";

/**
 * The runner is about to push `commit` to the target: recorded on the task first (the next runner
 * to claim the job checks whether the target holds it), and the claim renewed for the push.
 */
export async function recordLandingIntent({ ctx, input }: VerbArgs<LandingIntentInput>): Promise<void> {
  await inTransaction(ctx, async (tx, record) => {
    const job = await requireLandLease(tx, input);
    await renewLandJob(tx, job.id, job.lease, new Date(Date.now() + LAND_JOB_LEASE_MS));
    await changeLanding(tx, record, job.taskId, { landing: { landingCommit: input.commit } });
  });
}
