import { randomUUID } from "node:crypto";
import { TASK_KEY_PATTERN, type Task, type TaskStatus } from "@maestro/domain";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { DbClient } from "../database";
import { type TaskRow, taskDependencyTable, taskTable } from "../schema/task";

const iso = (date: Date | null) => (date ? date.toISOString() : null);
const date = (value: string | null) => (value ? new Date(value) : null);

export function toTask(row: TaskRow, dependsOn: string[]): Task {
  return {
    id: row.id,
    key: row.key,
    projectId: row.projectId,
    parentId: row.parentId,
    title: row.title,
    description: row.description,
    acceptanceCriteria: row.acceptanceCriteria,
    status: row.status,
    priority: row.priority,
    dependsOn,
    agent: row.agent,
    command: row.command,
    touches: row.touches,
    specId: row.specId,
    requirementIds: row.requirementIds,
    maxAttempts: row.maxAttempts,
    timeoutSec: row.timeoutSec,
    rank: row.rank,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    startedAt: iso(row.startedAt),
    completedAt: iso(row.completedAt),
  };
}

/** The fields a caller sets; ids, keys, versions and timestamps are the repository's job. */
export type TaskFields = Omit<Task, "id" | "key" | "projectId" | "dependsOn" | "version" | "createdAt" | "updatedAt">;

export function insertTask(
  db: DbClient,
  values: TaskFields & { projectId: string; projectKey: string; number: number },
  now = new Date(),
): Task {
  const { projectKey, startedAt, completedAt, ...rest } = values;
  const row = db
    .insert(taskTable)
    .values({
      ...rest,
      id: randomUUID(),
      key: `${projectKey}-${values.number}`,
      startedAt: date(startedAt),
      completedAt: date(completedAt),
      version: 1,
      createdAt: now,
      updatedAt: now,
    })
    .returning()
    .get();
  return toTask(row, []);
}

function dependenciesOf(db: DbClient, taskIds: string[]): Map<string, string[]> {
  const byTask = new Map<string, string[]>();
  if (taskIds.length === 0) return byTask;
  // Chunked to stay under SQLite's bound-parameter limit.
  for (let i = 0; i < taskIds.length; i += 500) {
    const rows = db
      .select()
      .from(taskDependencyTable)
      .where(inArray(taskDependencyTable.taskId, taskIds.slice(i, i + 500)))
      .all();
    for (const row of rows) {
      const list = byTask.get(row.taskId);
      if (list) list.push(row.dependsOnId);
      else byTask.set(row.taskId, [row.dependsOnId]);
    }
  }
  return byTask;
}

export function findTaskById(db: DbClient, id: string): Task | undefined {
  const row = db.select().from(taskTable).where(eq(taskTable.id, id)).get();
  return row && toTask(row, dependenciesOf(db, [row.id]).get(row.id) ?? []);
}

/** Accepts an id or a key (`WEB-12`, case-insensitive). */
export function findTaskByRef(db: DbClient, ref: string): Task | undefined {
  const upper = ref.toUpperCase();
  if (!TASK_KEY_PATTERN.test(upper)) return findTaskById(db, ref);
  const row = db.select().from(taskTable).where(eq(taskTable.key, upper)).get();
  return row ? toTask(row, dependenciesOf(db, [row.id]).get(row.id) ?? []) : findTaskById(db, ref);
}

export interface TaskFilter {
  projectId: string;
  statuses?: readonly TaskStatus[];
  /** `null` = top-level tasks only. */
  parentId?: string | null;
}

export function listTasks(db: DbClient, filter: TaskFilter): Task[] {
  const conditions = [eq(taskTable.projectId, filter.projectId)];
  if (filter.statuses?.length) conditions.push(inArray(taskTable.status, [...filter.statuses]));
  if (filter.parentId === null) conditions.push(isNull(taskTable.parentId));
  else if (filter.parentId !== undefined) conditions.push(eq(taskTable.parentId, filter.parentId));
  const rows = db
    .select()
    .from(taskTable)
    .where(and(...conditions))
    .orderBy(asc(taskTable.rank), asc(taskTable.number))
    .all();
  const deps = projectDependencies(db, filter.projectId);
  return rows.map((row) => toTask(row, deps.get(row.id) ?? []));
}

/** Every dependency edge of a project, by dependent task. */
export function projectDependencies(db: DbClient, projectId: string): Map<string, string[]> {
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
export function loadTaskGraph(db: DbClient, projectId: string): { keys: Map<string, string>; nodes: { id: string; dependsOn: string[] }[] } {
  const rows = db.select({ id: taskTable.id, key: taskTable.key }).from(taskTable).where(eq(taskTable.projectId, projectId)).all();
  const deps = projectDependencies(db, projectId);
  return {
    keys: new Map(rows.map((row) => [row.id, row.key])),
    nodes: rows.map((row) => ({ id: row.id, dependsOn: deps.get(row.id) ?? [] })),
  };
}

export type TaskPatch = Partial<TaskFields>;

/** Writes `patch` and bumps `version`; returns the task as stored. */
export function updateTask(db: DbClient, id: string, patch: TaskPatch, now = new Date()): Task {
  const { startedAt, completedAt, ...rest } = patch;
  const row = db
    .update(taskTable)
    .set({
      ...rest,
      ...(startedAt !== undefined ? { startedAt: date(startedAt) } : {}),
      ...(completedAt !== undefined ? { completedAt: date(completedAt) } : {}),
      version: sql`${taskTable.version} + 1`,
      updatedAt: now,
    })
    .where(eq(taskTable.id, id))
    .returning()
    .get();
  if (!row) throw new Error(`task ${id} vanished inside its transaction`);
  return toTask(row, dependenciesOf(db, [id]).get(id) ?? []);
}

export function setTaskDependencies(db: DbClient, task: { id: string; projectId: string }, dependsOnIds: readonly string[]): void {
  db.delete(taskDependencyTable).where(eq(taskDependencyTable.taskId, task.id)).run();
  if (dependsOnIds.length === 0) return;
  db.insert(taskDependencyTable)
    .values([...new Set(dependsOnIds)].map((dependsOnId) => ({ taskId: task.id, dependsOnId, projectId: task.projectId })))
    .run();
}

export function addTaskDependency(db: DbClient, task: { id: string; projectId: string }, dependsOnId: string): boolean {
  const result = db
    .insert(taskDependencyTable)
    .values({ taskId: task.id, dependsOnId, projectId: task.projectId })
    .onConflictDoNothing()
    .run();
  return result.changes > 0;
}

export function removeTaskDependency(db: DbClient, taskId: string, dependsOnId: string): boolean {
  const result = db
    .delete(taskDependencyTable)
    .where(and(eq(taskDependencyTable.taskId, taskId), eq(taskDependencyTable.dependsOnId, dependsOnId)))
    .run();
  return result.changes > 0;
}

/** Ids of every descendant of a task (children, grandchildren, …). */
export function listDescendantIds(db: DbClient, taskId: string): string[] {
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
export function listAncestorIds(db: DbClient, taskId: string): string[] {
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
export function listDependentIds(db: DbClient, taskId: string): string[] {
  return db
    .select({ id: taskDependencyTable.taskId })
    .from(taskDependencyTable)
    .where(eq(taskDependencyTable.dependsOnId, taskId))
    .all()
    .map((row) => row.id);
}

export function deleteTask(db: DbClient, id: string): void {
  db.delete(taskTable).where(eq(taskTable.id, id)).run();
}

/** The rank that places a task last in its project. */
export function nextTaskRank(db: DbClient, projectId: string): number {
  const row = db.get<{ rank: number | null }>(sql`SELECT MAX(rank) AS rank FROM tasks WHERE project_id = ${projectId}`);
  return (row?.rank ?? 0) + 1;
}

/** The rank just before `beforeRank` among a project's tasks (midpoint with the previous one). */
export function rankBefore(db: DbClient, projectId: string, beforeRank: number): number {
  const row = db.get<{ rank: number | null }>(
    sql`SELECT MAX(rank) AS rank FROM tasks WHERE project_id = ${projectId} AND rank < ${beforeRank}`,
  );
  const previous = row?.rank ?? beforeRank - 2;
  return (previous + beforeRank) / 2;
}

export function countTasks(db: DbClient, projectId?: string): number {
  const row = projectId
    ? db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM tasks WHERE project_id = ${projectId}`)
    : db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM tasks`);
  return row?.n ?? 0;
}
