import { TASK_STATUSES, type TaskCounts, type TaskStatus } from "@maestro/domain";
import { count, eq, sql } from "drizzle-orm";
import { type Db } from "../store/store";

/** To do, and every dependency done: the domain's `readySet`, counted by the database. */
async function countReady(db: Db, projectId: string): Promise<number> {
  const row = await db.get<{ n: number | string }>(sql`
    SELECT COUNT(*) AS n FROM tasks t
    WHERE t.project_id = ${projectId} AND t.status = 'todo' AND NOT EXISTS (
      SELECT 1 FROM task_dependencies d JOIN tasks u ON u.id = d.depends_on_id
      WHERE d.task_id = t.id AND u.status <> 'done'
    )`);
  return Number(row?.n ?? 0);
}

/** A project's tasks counted per status in the database (the board's column counts; no rows read). */
export async function countTasksByStatus(db: Db, projectId: string): Promise<TaskCounts> {
  const { taskTable } = db.t;
  const rows = await db.orm
    .select({ status: taskTable.status, n: count() })
    .from(taskTable)
    .where(eq(taskTable.projectId, projectId))
    .groupBy(taskTable.status);
  const byStatus = Object.fromEntries(TASK_STATUSES.map((status) => [status, 0])) as Record<TaskStatus, number>;
  for (const row of rows) byStatus[row.status] = row.n;
  return { byStatus, total: rows.reduce((sum, row) => sum + row.n, 0), ready: await countReady(db, projectId) };
}
