import { deleteLandJob, findProjectById, findTaskById } from "@maestro/db";
import type { LandingOutcome, LandingResultInput, Task } from "@maestro/domain";
import type { LandResult } from "../landing/land-branch";
import { settleLanding } from "../landing/land-queued";
import { recordPrOpen } from "../landing/remote-pr-result";
import { type VerbArgs, inTransaction } from "../unit-of-work";
import { requireLandLease } from "./land-job-lease";

/**
 * What the runner's landing came to, in one transaction with the end of its job: landed (the
 * task done, its dependents ready), a conflict (with the files), waiting (tried again later), or
 * in PR mode a pull request open (its URL, or a note saying how to open it by hand).
 */
export async function recordLandingResult({ ctx, input }: VerbArgs<LandingResultInput>): Promise<Task | null> {
  return await inTransaction(ctx, async (tx, record) => {
    const job = await requireLandLease(tx, input);
    await deleteLandJob(tx, job.id);
    const task = await findTaskById(tx, job.taskId);
    const project = await findProjectById(tx, job.projectId);
    if (!task || !project) return null;
    if (input.outcome.kind === "pr_open") return await recordPrOpen(tx, record, task, input.outcome);
    // Its only log line is about worktrees here, and a remote project has none on this machine.
    return await settleLanding(ctx, { task, project }, toLandResult(input.outcome), { log: () => {} });
  });
}

function toLandResult(outcome: Exclude<LandingOutcome, { kind: "pr_open" }>): LandResult {
  switch (outcome.kind) {
    case "landed":
      return { kind: "landed", commit: outcome.commit };
    case "conflict":
      return { kind: "conflict", files: outcome.files };
    case "waiting":
      return { kind: "waiting", note: outcome.note };
  }
}
