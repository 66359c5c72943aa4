import { randomUUID } from "node:crypto";
import { type LandState, NO_LANDING, TASK_KEY_PATTERN, type Task, type TaskStatus } from "@maestro/domain";
import { type SQL, and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { DbClient } from "../database";
import { prepared } from "../prepared";
import { type TaskRow, taskTable } from "../schema/task";
import { projectDependencies } from "./task-graph-repository";
import { inChunks } from "./chunks";
import { dependenciesOf, toTask } from "./task-mapper";
import { sqliteOf } from "../store/db";
import { type Db } from "../store/store";

const date = (value: string | null) => (value ? new Date(value) : null);

/** The fields a caller sets; ids, keys, versions and timestamps are the repository's job. */
export type TaskFields = Omit<
  Task,
  | "id"
  | "key"
  | "projectId"
  | "dependsOn"
  | "version"
  | "createdAt"
  | "updatedAt"
  | "failedAttempts"
  | "retryAt"
  | "heldAt"
  | "heldBy"
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
  stallSec: null,
  budgetUsd: null,
  budgetTokens: null,
  startedAt: null,
  completedAt: null,
} as const satisfies Partial<TaskFields>;

export async function insertTask(handle: Db, values: NewTask, now = new Date()): Promise<Task> {
  const db = sqliteOf(handle);
  const { projectKey, startedAt, completedAt, ...rest } = { ...EMPTY_TASK, ...values };
  const row = insertTaskRow(db, {
    ...rest,
    id: randomUUID(),
    key: `${projectKey}-${values.number}`,
    startedAt: date(startedAt),
    completedAt: date(completedAt),
    version: 1,
    createdAt: now,
    updatedAt: now,
  });
  return toTask(row, []);
}

type TaskInsert = typeof taskTable.$inferInsert;

/** The columns a write sets (undefined ones keep their default), in one order: a prepared query's name. */
function columnsOf(values: object): Array<keyof TaskInsert> {
  return Object.entries(values)
    .filter(([, value]) => value !== undefined)
    .map(([column]) => column as keyof TaskInsert)
    .sort();
}

/**
 * A raw placeholder per column, and the values encoded for the driver here (dates to numbers,
 * arrays to JSON): drizzle encodes a placeholder's value only when it is not null.
 */
function placeholdersOf(columns: ReadonlyArray<keyof TaskInsert>): Record<string, SQL> {
  return Object.fromEntries(columns.map((column) => [column, sql`${sql.placeholder(column)}`]));
}

function encoded(columns: ReadonlyArray<keyof TaskInsert>, values: Partial<TaskInsert>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const column of columns) {
    const value = values[column];
    row[column] = value === null ? null : taskTable[column].mapToDriverValue(value as never);
  }
  return row;
}

/** One prepared INSERT … RETURNING per set of columns given: the hot path of task.create. */
function insertTaskRow(db: DbClient, values: TaskInsert): TaskRow {
  const columns = columnsOf(values);
  const insert = prepared(db, `task.insert:${columns.join(",")}`, () =>
    db
      .insert(taskTable)
      .values(placeholdersOf(columns) as unknown as TaskInsert)
      .returning()
      .prepare(),
  );
  return insert.get(encoded(columns, values))!;
}

export async function findTaskById(handle: Db, id: string): Promise<Task | undefined> {
  const db = sqliteOf(handle);
  const row = prepared(db, "task.byId", () =>
    db
      .select()
      .from(taskTable)
      .where(eq(taskTable.id, sql.placeholder("id")))
      .prepare(),
  ).get({ id });
  return row && toTask(row, (await dependenciesOf(handle, [row.id])).get(row.id) ?? []);
}

/** Accepts an id or a key (`WEB-12`, case-insensitive). */
export async function findTaskByRef(handle: Db, ref: string): Promise<Task | undefined> {
  const db = sqliteOf(handle);
  const upper = ref.toUpperCase();
  if (!TASK_KEY_PATTERN.test(upper)) return await findTaskById(handle, ref);
  const row = prepared(db, "task.byKey", () =>
    db
      .select()
      .from(taskTable)
      .where(eq(taskTable.key, sql.placeholder("key")))
      .prepare(),
  ).get({ key: upper });
  return row
    ? toTask(row, (await dependenciesOf(handle, [row.id])).get(row.id) ?? [])
    : await findTaskById(handle, ref);
}

export interface TaskFilter {
  projectId: string;
  statuses?: readonly TaskStatus[];
  /** `null` = top-level tasks only. */
  parentId?: string | null;
  /** Only the tasks planned from this spec. */
  specId?: string;
}

export async function listTasks(handle: Db, filter: TaskFilter): Promise<Task[]> {
  const db = sqliteOf(handle);
  const conditions = [eq(taskTable.projectId, filter.projectId)];
  if (filter.statuses?.length) conditions.push(inArray(taskTable.status, [...filter.statuses]));
  if (filter.parentId === null) conditions.push(isNull(taskTable.parentId));
  else if (filter.parentId !== undefined) conditions.push(eq(taskTable.parentId, filter.parentId));
  if (filter.specId !== undefined) conditions.push(eq(taskTable.specId, filter.specId));
  const rows = db
    .select()
    .from(taskTable)
    .where(and(...conditions))
    .orderBy(asc(taskTable.rank), asc(taskTable.number))
    .all();
  // A spec's tasks are a few of the project's: their own edges, not the whole project's.
  const deps =
    filter.specId === undefined
      ? await projectDependencies(handle, filter.projectId)
      : await dependenciesOf(
          handle,
          rows.map((row) => row.id),
        );
  return rows.map((row) => toTask(row, deps.get(row.id) ?? []));
}

/** Tasks of every project whose landing is in one of `states` (the lander's queue), oldest change first. */
export async function listTasksInLandStates(handle: Db, states: readonly LandState[]): Promise<Task[]> {
  const db = sqliteOf(handle);
  const rows = db
    .select()
    .from(taskTable)
    .where(inArray(sql`json_extract(${taskTable.landing}, '$.landState')`, [...states]))
    .orderBy(asc(taskTable.updatedAt))
    .all();
  const deps = await dependenciesOf(
    handle,
    rows.map((row) => row.id),
  );
  return rows.map((row) => toTask(row, deps.get(row.id) ?? []));
}

/** Id → key of the tasks among `ids` that exist. */
export async function findTaskKeys(handle: Db, ids: readonly string[]): Promise<Map<string, string>> {
  const db = sqliteOf(handle);
  const rows = inChunks(ids, (chunk) =>
    db.select({ id: taskTable.id, key: taskTable.key }).from(taskTable).where(inArray(taskTable.id, chunk)).all(),
  );
  return new Map(rows.map((row) => [row.id, row.key]));
}

/** What the overlap rule reads of a task, with its place in the board's order. */
export type TaskBranch = Pick<Task, "id" | "key" | "status" | "landing" | "rank"> & { number: number };

/**
 * A project's tasks in `statuses` that have a branch, in the board's order: only the columns the
 * overlap rule reads, not every task's whole record.
 */
export async function listTasksWithBranch(
  handle: Db,
  projectId: string,
  statuses: readonly TaskStatus[],
): Promise<TaskBranch[]> {
  const db = sqliteOf(handle);
  const rows = db
    .select({
      id: taskTable.id,
      key: taskTable.key,
      status: taskTable.status,
      landing: taskTable.landing,
      rank: taskTable.rank,
      number: taskTable.number,
    })
    .from(taskTable)
    .where(
      and(
        eq(taskTable.projectId, projectId),
        inArray(taskTable.status, [...statuses]),
        sql`json_extract(${taskTable.landing}, '$.branch') IS NOT NULL`,
      ),
    )
    .orderBy(asc(taskTable.rank), asc(taskTable.number))
    .all();
  return rows.map((row) => ({ ...row, landing: { ...NO_LANDING, ...row.landing } }));
}

/** Retry and hold bookkeeping is written only by the server's verbs (a session's end, a release), never copied from an edit. */
export type TaskPatch = Partial<TaskFields & Pick<Task, "failedAttempts" | "retryAt" | "heldAt" | "heldBy">>;

/** Writes `patch` and bumps `version`; returns the task as stored. */
export async function updateTask(handle: Db, id: string, patch: TaskPatch, now = new Date()): Promise<Task> {
  const db = sqliteOf(handle);
  const { startedAt, completedAt, retryAt, heldAt, ...rest } = patch;
  const values: Partial<TaskInsert> = {
    ...rest,
    ...(retryAt !== undefined ? { retryAt: date(retryAt) } : {}),
    ...(heldAt !== undefined ? { heldAt: date(heldAt) } : {}),
    ...(startedAt !== undefined ? { startedAt: date(startedAt) } : {}),
    ...(completedAt !== undefined ? { completedAt: date(completedAt) } : {}),
    updatedAt: now,
  };
  // One prepared UPDATE per set of columns patched (id is the key, never a patched column).
  const columns = columnsOf(values);
  const update = prepared(db, `task.update:${columns.join(",")}`, () =>
    db
      .update(taskTable)
      .set({ ...placeholdersOf(columns), version: sql`${taskTable.version} + 1` })
      .where(eq(taskTable.id, sql.placeholder("id")))
      .returning()
      .prepare(),
  );
  const row = update.get({ ...encoded(columns, values), id });
  if (!row) throw new Error(`task ${id} vanished inside its transaction`);
  return toTask(row, (await dependenciesOf(handle, [id])).get(id) ?? []);
}

export async function deleteTask(handle: Db, id: string): Promise<void> {
  const db = sqliteOf(handle);
  db.delete(taskTable).where(eq(taskTable.id, id)).run();
}

/** Whether the project has a task in one of `statuses`: one index probe, no rows read. */
export async function hasTaskIn(handle: Db, projectId: string, statuses: readonly TaskStatus[]): Promise<boolean> {
  const db = sqliteOf(handle);
  const row = db
    .select({ id: taskTable.id })
    .from(taskTable)
    .where(and(eq(taskTable.projectId, projectId), inArray(taskTable.status, [...statuses])))
    .limit(1)
    .get();
  return row !== undefined;
}

export async function countTasks(handle: Db, projectId?: string): Promise<number> {
  const db = sqliteOf(handle);
  const row = projectId
    ? db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM tasks WHERE project_id = ${projectId}`)
    : db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM tasks`);
  return row?.n ?? 0;
}
