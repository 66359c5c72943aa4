import { eq, sql } from "drizzle-orm";
import { prepared } from "../prepared";
import { taskTable } from "../schema/task";
import { sqliteOf } from "../store/db";
import { type Db } from "../store/store";

// A task's place in its project's order is a real number: moving one between two others
// takes the midpoint, so no other task's rank is ever rewritten.

/** The rank that places a task last in its project. */
export async function nextTaskRank(handle: Db, projectId: string): Promise<number> {
  const db = sqliteOf(handle);
  const row = prepared(db, "task.maxRank", () =>
    db
      .select({ rank: sql<number | null>`MAX(${taskTable.rank})` })
      .from(taskTable)
      .where(eq(taskTable.projectId, sql.placeholder("projectId")))
      .prepare(),
  ).get({ projectId });
  return (row?.rank ?? 0) + 1;
}

/** The rank just before `beforeRank` among a project's tasks (midpoint with the previous one). */
export async function rankBefore(handle: Db, projectId: string, beforeRank: number): Promise<number> {
  const db = sqliteOf(handle);
  const row = db.get<{ rank: number | null }>(
    sql`SELECT MAX(rank) AS rank FROM tasks WHERE project_id = ${projectId} AND rank < ${beforeRank}`,
  );
  const previous = row?.rank ?? beforeRank - 2;
  return (previous + beforeRank) / 2;
}
