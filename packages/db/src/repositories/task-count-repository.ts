import { TASK_STATUSES, type TaskCounts, type TaskStatus } from "@maestro/domain";
import { count, eq } from "drizzle-orm";
import type { DbClient } from "../database";
import { taskTable } from "../schema/task";

/** A project's tasks counted per status in the database (the board's column counts; no rows read). */
export function countTasksByStatus(db: DbClient, projectId: string): TaskCounts {
  const rows = db
    .select({ status: taskTable.status, n: count() })
    .from(taskTable)
    .where(eq(taskTable.projectId, projectId))
    .groupBy(taskTable.status)
    .all();
  const byStatus = Object.fromEntries(TASK_STATUSES.map((status) => [status, 0])) as Record<TaskStatus, number>;
  for (const row of rows) byStatus[row.status] = row.n;
  return { byStatus, total: rows.reduce((sum, row) => sum + row.n, 0) };
}
