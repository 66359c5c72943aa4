import { TASK_STATUSES, type TaskCounts, type TaskStatus } from "@maestro/domain";
import { eq, sql } from "drizzle-orm";
import { hot } from "../store/db";
import { type Db } from "../store/store";

/**
 * A project's tasks counted per status, and its ready tasks (todo, every dependency done: the
 * domain's `readySet`): a few rows of `task_counts`, which triggers keep in the transaction of
 * every task and dependency write (migrations 0020 and pg 0004), so the cost is the same at
 * ten tasks or a million.
 */
export async function countTasksByStatus(db: Db, projectId: string): Promise<TaskCounts> {
  const { taskCountTable } = db.t;
  const rows = await hot<{ status: TaskStatus; isReady: boolean; tasks: number }>(db, "task.counts", () =>
    db.orm
      .select({ status: taskCountTable.status, isReady: taskCountTable.isReady, tasks: taskCountTable.tasks })
      .from(taskCountTable)
      .where(eq(taskCountTable.projectId, sql.placeholder("projectId"))),
  ).all({ projectId });
  const byStatus = Object.fromEntries(TASK_STATUSES.map((status) => [status, 0])) as Record<TaskStatus, number>;
  let ready = 0;
  for (const row of rows) {
    byStatus[row.status] += row.tasks;
    if (row.isReady) ready += row.tasks;
  }
  return { byStatus, total: Object.values(byStatus).reduce((sum, n) => sum + n, 0), ready };
}
