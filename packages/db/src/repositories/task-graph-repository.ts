import { and, eq, sql } from "drizzle-orm";
import { changedRows, hot } from "../store/db";
import { type Db } from "../store/store";

/** Every dependency edge of a project, by dependent task. */
export async function projectDependencies(db: Db, projectId: string): Promise<Map<string, string[]>> {
  const { taskDependencyTable } = db.t;
  const byTask = new Map<string, string[]>();
  const rows = await db.orm.select().from(taskDependencyTable).where(eq(taskDependencyTable.projectId, projectId));
  for (const row of rows) {
    const list = byTask.get(row.taskId);
    if (list) list.push(row.dependsOnId);
    else byTask.set(row.taskId, [row.dependsOnId]);
  }
  return byTask;
}

/** The id → key map and edges of a project, enough for cycle checks without loading whole tasks. */
export async function loadTaskGraph(
  db: Db,
  projectId: string,
): Promise<{ keys: Map<string, string>; nodes: { id: string; dependsOn: string[] }[] }> {
  const { taskTable } = db.t;
  const rows = await db.orm
    .select({ id: taskTable.id, key: taskTable.key })
    .from(taskTable)
    .where(eq(taskTable.projectId, projectId));
  const deps = await projectDependencies(db, projectId);
  return {
    keys: new Map(rows.map((row) => [row.id, row.key])),
    nodes: rows.map((row) => ({ id: row.id, dependsOn: deps.get(row.id) ?? [] })),
  };
}

export async function setTaskDependencies(
  db: Db,
  task: { id: string; projectId: string },
  dependsOnIds: readonly string[],
): Promise<void> {
  const { taskDependencyTable } = db.t;
  await hot(db, "task.clearDependencies", () =>
    db.orm.delete(taskDependencyTable).where(eq(taskDependencyTable.taskId, sql.placeholder("id"))),
  ).run({ id: task.id });
  if (dependsOnIds.length === 0) return;
  await db.orm
    .insert(taskDependencyTable)
    .values(
      [...new Set(dependsOnIds)].map((dependsOnId) => ({ taskId: task.id, dependsOnId, projectId: task.projectId })),
    );
}

export async function addTaskDependency(
  db: Db,
  task: { id: string; projectId: string },
  dependsOnId: string,
): Promise<boolean> {
  const { taskDependencyTable } = db.t;
  const result = await db.orm
    .insert(taskDependencyTable)
    .values({ taskId: task.id, dependsOnId, projectId: task.projectId })
    .onConflictDoNothing();
  return changedRows(result) > 0;
}

export async function removeTaskDependency(db: Db, taskId: string, dependsOnId: string): Promise<boolean> {
  const { taskDependencyTable } = db.t;
  const result = await db.orm
    .delete(taskDependencyTable)
    .where(and(eq(taskDependencyTable.taskId, taskId), eq(taskDependencyTable.dependsOnId, dependsOnId)));
  return changedRows(result) > 0;
}

/** Ids of every descendant of a task (children, grandchildren, …). */
export async function listDescendantIds(db: Db, taskId: string): Promise<string[]> {
  const rows = await db.all<{ id: string }>(sql`
    WITH RECURSIVE descendants(id) AS (
      SELECT id FROM tasks WHERE parent_id = ${taskId}
      UNION ALL
      SELECT t.id FROM tasks t JOIN descendants d ON t.parent_id = d.id
    )
    SELECT id FROM descendants`);
  return rows.map((row) => row.id);
}

/** Ids from a task up to its root: parent, grandparent, … */
export async function listAncestorIds(db: Db, taskId: string): Promise<string[]> {
  const rows = await db.all<{ id: string }>(sql`
    WITH RECURSIVE ancestors(id, depth) AS (
      SELECT parent_id, 1 FROM tasks WHERE id = ${taskId} AND parent_id IS NOT NULL
      UNION ALL
      SELECT t.parent_id, a.depth + 1 FROM tasks t JOIN ancestors a ON t.id = a.id
      WHERE t.parent_id IS NOT NULL AND a.depth < 10000
    )
    SELECT id FROM ancestors ORDER BY depth`);
  return rows.map((row) => row.id);
}

/** Tasks that depend on `taskId`. */
export async function listDependentIds(db: Db, taskId: string): Promise<string[]> {
  const { taskDependencyTable } = db.t;
  const rows = await db.orm
    .select({ id: taskDependencyTable.taskId })
    .from(taskDependencyTable)
    .where(eq(taskDependencyTable.dependsOnId, taskId));
  return rows.map((row) => row.id);
}
