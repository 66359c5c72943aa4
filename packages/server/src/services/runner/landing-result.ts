import { deleteLandJob, findProjectById, findTaskById } from "@maestro/db";
import type { LandingResultInput, Task } from "@maestro/domain";
import type { LandResult } from "../landing/land-branch";
import { settleLanding } from "../landing/land-queued";
import { type VerbArgs, inTransaction } from "../unit-of-work";
import { requireLandLease } from "./land-job-lease";

/**
 * What the runner's landing came to, in one transaction with the end of its job: landed (the
 * task done, its dependents ready), a conflict (with the files), or waiting (tried again later).
 */
export async function recordLandingResult({ ctx, input }: VerbArgs<LandingResultInput>): Promise<Task | null> {
  return await inTransaction(ctx, async (tx) => {
    const job = await requireLandLease(tx, input);
    await deleteLandJob(tx, job.id);
    const task = await findTaskById(tx, job.taskId);
    const project = await findProjectById(tx, job.projectId);
    if (!task || !project) return null;
    // Its only log line is about worktrees here, and a remote project has none on this machine.
    return await settleLanding(ctx, { task, project }, toLandResult(input.outcome), { log: () => {} });
  });
}

function toLandResult(outcome: LandingResultInput["outcome"]): LandResult {
  switch (outcome.kind) {
    case "landed":
      return { kind: "landed", commit: outcome.commit };
    case "conflict":
      return { kind: "conflict", files: outcome.files };
    case "waiting":
      return { kind: "waiting", note: outcome.note };
  }
}
