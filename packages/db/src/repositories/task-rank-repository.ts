import { eq, max, sql } from "drizzle-orm";
import { hot } from "../store/db";
import { type Db } from "../store/store";

// A task's place in its project's order is a real number: moving one between two others
// takes the midpoint, so no other task's rank is ever rewritten.

/** The rank that places a task last in its project. */
export async function nextTaskRank(db: Db, projectId: string): Promise<number> {
  const { taskTable } = db.t;
  const row = await hot<{ rank: number | null }>(db, "task.maxRank", () =>
    db.orm
      .select({ rank: max(taskTable.rank) })
      .from(taskTable)
      .where(eq(taskTable.projectId, sql.placeholder("projectId"))),
  ).get({ projectId });
  return (row?.rank ?? 0) + 1;
}

/** The rank just before `beforeRank` among a project's tasks (midpoint with the previous one). */
export async function rankBefore(db: Db, projectId: string, beforeRank: number): Promise<number> {
  const row = await db.get<{ rank: number | null }>(
    sql`SELECT MAX(rank) AS rank FROM tasks WHERE project_id = ${projectId} AND rank < ${beforeRank}`,
  );
  const previous = row?.rank ?? beforeRank - 2;
  return (previous + beforeRank) / 2;
}
