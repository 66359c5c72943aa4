import { and, eq, sql } from "drizzle-orm";
import { prepared } from "../prepared";
import { taskDependencyTable, taskTable } from "../schema/task";
import { sqliteOf } from "../store/db";
import { type Db } from "../store/store";

/** Every dependency edge of a project, by dependent task. */
export async function projectDependencies(handle: Db, projectId: string): Promise<Map<string, string[]>> {
  const db = sqliteOf(handle);
  const byTask = new Map<string, string[]>();
  const rows = db.select().from(taskDependencyTable).where(eq(taskDependencyTable.projectId, projectId)).all();
  for (const row of rows) {
    const list = byTask.get(row.taskId);
    if (list) list.push(row.dependsOnId);
    else byTask.set(row.taskId, [row.dependsOnId]);
  }
  return byTask;
}

/** The id → key map and edges of a project, enough for cycle checks without loading whole tasks. */
export async function loadTaskGraph(
  handle: Db,
  projectId: string,
): Promise<{ keys: Map<string, string>; nodes: { id: string; dependsOn: string[] }[] }> {
  const db = sqliteOf(handle);
  const rows = db
    .select({ id: taskTable.id, key: taskTable.key })
    .from(taskTable)
    .where(eq(taskTable.projectId, projectId))
    .all();
  const deps = await projectDependencies(handle, projectId);
  return {
    keys: new Map(rows.map((row) => [row.id, row.key])),
    nodes: rows.map((row) => ({ id: row.id, dependsOn: deps.get(row.id) ?? [] })),
  };
}

export async function setTaskDependencies(
  handle: Db,
  task: { id: string; projectId: string },
  dependsOnIds: readonly string[],
): Promise<void> {
  const db = sqliteOf(handle);
  prepared(db, "task.clearDependencies", () =>
    db
      .delete(taskDependencyTable)
      .where(eq(taskDependencyTable.taskId, sql.placeholder("id")))
      .prepare(),
  ).run({ id: task.id });
  if (dependsOnIds.length === 0) return;
  db.insert(taskDependencyTable)
    .values(
      [...new Set(dependsOnIds)].map((dependsOnId) => ({ taskId: task.id, dependsOnId, projectId: task.projectId })),
    )
    .run();
}

export async function addTaskDependency(
  handle: Db,
  task: { id: string; projectId: string },
  dependsOnId: string,
): Promise<boolean> {
  const db = sqliteOf(handle);
  const result = db
    .insert(taskDependencyTable)
    .values({ taskId: task.id, dependsOnId, projectId: task.projectId })
    .onConflictDoNothing()
    .run();
  return result.changes > 0;
}

export async function removeTaskDependency(handle: Db, taskId: string, dependsOnId: string): Promise<boolean> {
  const db = sqliteOf(handle);
  const result = db
    .delete(taskDependencyTable)
    .where(and(eq(taskDependencyTable.taskId, taskId), eq(taskDependencyTable.dependsOnId, dependsOnId)))
    .run();
  return result.changes > 0;
}

/** Ids of every descendant of a task (children, grandchildren, …). */
export async function listDescendantIds(handle: Db, taskId: string): Promise<string[]> {
  const db = sqliteOf(handle);
  const rows = db.all<{ id: string }>(sql`
    WITH RECURSIVE descendants(id) AS (
      SELECT id FROM tasks WHERE parent_id = ${taskId}
      UNION ALL
      SELECT t.id FROM tasks t JOIN descendants d ON t.parent_id = d.id
    )
    SELECT id FROM descendants`);
  return rows.map((row) => row.id);
}

/** Ids from a task up to its root: parent, grandparent, … */
export async function listAncestorIds(handle: Db, taskId: string): Promise<string[]> {
  const db = sqliteOf(handle);
  const rows = db.all<{ id: string }>(sql`
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
export async function listDependentIds(handle: Db, taskId: string): Promise<string[]> {
  const db = sqliteOf(handle);
  return db
    .select({ id: taskDependencyTable.taskId })
    .from(taskDependencyTable)
    .where(eq(taskDependencyTable.dependsOnId, taskId))
    .all()
    .map((row) => row.id);
}
