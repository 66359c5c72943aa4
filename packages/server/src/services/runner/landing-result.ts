import { type Db, deleteLandJob, findProjectById, findTaskById } from "@maestro/db";
import type { LandingOutcome, LandingResultInput, Project, Task } from "@maestro/domain";
import type { LandResult } from "../landing/land-branch";
import { settleLanding } from "../landing/land-queued";
import { changeLanding } from "../landing/landing-writes";
import { recordPrOpen } from "../landing/remote-pr-result";
import { type RecordEvent, type VerbArgs, inTransaction } from "../unit-of-work";
import { requireLandLease } from "./land-job-lease";

/**
 * What the runner's landing came to, in one transaction with the end of its job: landed (the
 * task done, its dependents ready), a conflict (with the files), waiting (tried again later), or
 * in PR mode a pull request open (its URL, or a note saying how to open it by hand). A task
 * cancelled meanwhile is never reopened (settleCancelled).
 */
export async function recordLandingResult({ ctx, input }: VerbArgs<LandingResultInput>): Promise<Task | null> {
  return await inTransaction(ctx, async (tx, record) => {
    const job = await requireLandLease(tx, input);
    await deleteLandJob(tx, job.id);
    const task = await findTaskById(tx, job.taskId);
    const project = await findProjectById(tx, job.projectId);
    if (!task || !project) return null;
    if (task.status === "cancelled") return await settleCancelled(tx, record, { task, project }, input.outcome);
    if (input.outcome.kind === "pr_open") return await recordPrOpen(tx, record, task, input.outcome);
    // Its only log line is about worktrees here, and a remote project has none on this machine.
    return await settleLanding(ctx, { task, project }, toLandResult(input.outcome), { log: () => {} });
  });
}

/**
 * A task cancelled while a runner landed it: work that landed IS on the remote's target, so it is
 * recorded (the note says so) and the task stays cancelled; any other outcome only ends its job.
 */
async function settleCancelled(
  tx: Db,
  record: RecordEvent,
  { task, project }: { task: Task; project: Project },
  outcome: LandingOutcome,
): Promise<Task> {
  if (outcome.kind !== "landed") return task;
  const target = project.settings.targetBranch ?? "the target branch";
  const landing = {
    landState: "landed" as const,
    landedCommit: outcome.commit,
    landedAt: new Date().toISOString(),
    landingCommit: null,
    conflictFiles: [],
    note: `a runner landed it on ${target} after it was cancelled; it stays cancelled`,
  };
  return await changeLanding(tx, record, task.id, { landing });
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
