import { type Db, type ReportedDiff, findTaskDiff } from "@maestro/db";
import { DomainError, type Task } from "@maestro/domain";

/**
 * The diff the task's runner reported (a project whose repository is elsewhere: the server has no
 * clone to diff in), or a refusal saying none has come yet.
 */
export async function requireReportedDiff(db: Db, task: Task): Promise<ReportedDiff> {
  const diff = await findTaskDiff(db, task.id);
  if (diff) return diff;
  throw new DomainError(
    "NOT_FOUND",
    `no diff reported for ${task.key} yet (its runner sends it when the agent's work is committed)`,
    {
      field: "id",
    },
  );
}
