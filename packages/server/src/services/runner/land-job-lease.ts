import { type Db, type LandJobRecord, findLandJobForWrite } from "@maestro/db";
import { DomainError, type LandJobRef } from "@maestro/domain";

/**
 * The land job's lease is the fencing token: a runner whose claim ran out and was taken over (or
 * whose job is gone: its task landed or was deleted meanwhile) is refused, and writes nothing.
 * On PostgreSQL the job row stays locked until the caller's transaction ends.
 */
export async function requireLandLease(tx: Db, { jobId, lease }: LandJobRef): Promise<LandJobRecord> {
  const job = await findLandJobForWrite(tx, jobId);
  if (!job) {
    throw new DomainError(
      "VERSION_CONFLICT",
      `land job ${jobId} is no longer queued (its task was settled or deleted meanwhile): drop it`,
      { field: "jobId" },
    );
  }
  if (job.state !== "claimed" || job.lease !== lease) {
    throw new DomainError(
      "VERSION_CONFLICT",
      `land job ${jobId} is not held by lease ${lease} (it is ${job.state} under lease ${job.lease}): another runner has it`,
      { field: "lease" },
    );
  }
  return job;
}
