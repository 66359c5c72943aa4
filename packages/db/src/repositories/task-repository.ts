import { randomUUID } from "node:crypto";
import { TASK_KEY_PATTERN, type Task, type TaskStatus } from "@maestro/domain";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { DbClient } from "../database";
import { prepared } from "../prepared";
import { type TaskRow, taskDependencyTable, taskTable } from "../schema/task";
import { projectDependencies } from "./task-graph-repository";

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
    failedAttempts: row.failedAttempts,
    retryAt: iso(row.retryAt),
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
export type TaskFields = Omit<
  Task,
  "id" | "key" | "projectId" | "dependsOn" | "version" | "createdAt" | "updatedAt" | "failedAttempts" | "retryAt"
>;

/** What a new task must say; whatever else it leaves out starts empty. */
export type NewTask = Pick<TaskFields, "parentId" | "title" | "description" | "status" | "rank"> &
  Partial<TaskFields> & { projectId: string; projectKey: string; number: number };

/** A new task's fields when nobody says otherwise: no criteria, agent, command or limits; medium priority. */
const EMPTY_TASK = {
  acceptanceCriteria: [],
  priority: "medium",
  agent: null,
  command: null,
  touches: [],
  specId: null,
  requirementIds: [],
  maxAttempts: null,
  timeoutSec: null,
  startedAt: null,
  completedAt: null,
} as const satisfies Partial<TaskFields>;

export function insertTask(db: DbClient, values: NewTask, now = new Date()): Task {
  const { projectKey, startedAt, completedAt, ...rest } = { ...EMPTY_TASK, ...values };
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

/** Each task's dependency ids, by task (tasks with none are left out). */
export function dependenciesOf(db: DbClient, taskIds: string[]): Map<string, string[]> {
  const byTask = new Map<string, string[]>();
  if (taskIds.length === 0) return byTask;
  if (taskIds.length === 1) {
    const rows = prepared(db, "task.dependencies", () =>
      db
        .select()
        .from(taskDependencyTable)
        .where(eq(taskDependencyTable.taskId, sql.placeholder("id")))
        .prepare(),
    ).all({ id: taskIds[0] });
    if (rows.length > 0) {
      byTask.set(
        taskIds[0]!,
        rows.map((row) => row.dependsOnId),
      );
    }
    return byTask;
  }
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
  const row = prepared(db, "task.byId", () =>
    db
      .select()
      .from(taskTable)
      .where(eq(taskTable.id, sql.placeholder("id")))
      .prepare(),
  ).get({ id });
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

/** Retry bookkeeping is written only by the scheduler (and a manual retry), never by a task edit. */
export type TaskPatch = Partial<TaskFields & Pick<Task, "failedAttempts" | "retryAt">>;

/** Writes `patch` and bumps `version`; returns the task as stored. */
export function updateTask(db: DbClient, id: string, patch: TaskPatch, now = new Date()): Task {
  const { startedAt, completedAt, retryAt, ...rest } = patch;
  const row = db
    .update(taskTable)
    .set({
      ...rest,
      ...(retryAt !== undefined ? { retryAt: date(retryAt) } : {}),
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
