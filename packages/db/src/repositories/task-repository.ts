import { randomUUID } from "node:crypto";
import { type LandState, NO_LANDING, TASK_KEY_PATTERN, type Task, type TaskStatus } from "@maestro/domain";
import { type SQL, and, asc, count, eq, getTableColumns, inArray, isNull, sql } from "drizzle-orm";
import { type TaskRow, taskTable as sqliteTaskTable } from "../schema/task";
import { first, hot } from "../store/db";
import { type Db } from "../store/store";
import { projectDependencies } from "./task-graph-repository";
import { readInChunks } from "./chunks";
import { dependenciesOf, toTask } from "./task-mapper";

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

export async function insertTask(db: Db, values: NewTask, now = new Date()): Promise<Task> {
  const { projectKey, startedAt, completedAt, ...rest } = { ...EMPTY_TASK, ...values };
  const row = await insertTaskRow(db, {
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

type TaskInsert = typeof sqliteTaskTable.$inferInsert;

/** The columns a write sets (undefined ones keep their default), in one order: a prepared query's name. */
function columnsOf(values: object): Array<keyof TaskInsert> {
  return Object.entries(values)
    .filter(([, value]) => value !== undefined)
    .map(([column]) => column as keyof TaskInsert)
    .sort();
}

/** Every column's place in one fixed order, for the short name of a set of columns. */
const COLUMN_BITS = new Map(
  Object.keys(getTableColumns(sqliteTaskTable))
    .sort()
    .map((column, index) => [column, 1n << BigInt(index)]),
);

/**
 * A set of columns named in a few characters: PostgreSQL cuts a prepared statement's name at 63
 * bytes, so names listing the columns would collide (and be refused) on it.
 */
function shapeOf(columns: ReadonlyArray<keyof TaskInsert>): string {
  let bits = 0n;
  for (const column of columns) bits |= COLUMN_BITS.get(column)!;
  return bits.toString(36);
}

/**
 * A raw placeholder per column, and the values encoded for the driver here by the engine's own
 * columns (dates to epoch ms or ISO text, arrays to JSON): drizzle encodes a placeholder's value
 * only when it is not null.
 */
function placeholdersOf(columns: ReadonlyArray<keyof TaskInsert>): Record<string, SQL> {
  return Object.fromEntries(columns.map((column) => [column, sql`${sql.placeholder(column)}`]));
}

function encoded(
  db: Db,
  columns: ReadonlyArray<keyof TaskInsert>,
  values: Partial<TaskInsert>,
): Record<string, unknown> {
  const { taskTable } = db.t;
  const row: Record<string, unknown> = {};
  for (const column of columns) {
    const value = values[column];
    row[column] = value === null ? null : taskTable[column].mapToDriverValue(value as never);
  }
  return row;
}

/** One prepared INSERT … RETURNING per set of columns given: the hot path of task.create. */
async function insertTaskRow(db: Db, values: TaskInsert): Promise<TaskRow> {
  const { taskTable } = db.t;
  const columns = columnsOf(values);
  const insert = hot<TaskRow>(db, `task.insert:${shapeOf(columns)}`, () =>
    db.orm
      .insert(taskTable)
      .values(placeholdersOf(columns) as unknown as TaskInsert)
      .returning(),
  );
  const row = await insert.get(encoded(db, columns, values));
  if (!row) throw new Error("a task insert returned no row");
  return row;
}

export async function findTaskById(db: Db, id: string): Promise<Task | undefined> {
  const { taskTable } = db.t;
  const row = await hot<TaskRow>(db, "task.byId", () =>
    db.orm
      .select()
      .from(taskTable)
      .where(eq(taskTable.id, sql.placeholder("id"))),
  ).get({ id });
  return row && toTask(row, (await dependenciesOf(db, [row.id])).get(row.id) ?? []);
}

/** Accepts an id or a key (`WEB-12`, case-insensitive). */
export async function findTaskByRef(db: Db, ref: string): Promise<Task | undefined> {
  const { taskTable } = db.t;
  const upper = ref.toUpperCase();
  if (!TASK_KEY_PATTERN.test(upper)) return await findTaskById(db, ref);
  const row = await hot<TaskRow>(db, "task.byKey", () =>
    db.orm
      .select()
      .from(taskTable)
      .where(eq(taskTable.key, sql.placeholder("key"))),
  ).get({ key: upper });
  return row ? toTask(row, (await dependenciesOf(db, [row.id])).get(row.id) ?? []) : await findTaskById(db, ref);
}

export interface TaskFilter {
  projectId: string;
  statuses?: readonly TaskStatus[];
  /** `null` = top-level tasks only. */
  parentId?: string | null;
  /** Only the tasks planned from this spec. */
  specId?: string;
}

export async function listTasks(db: Db, filter: TaskFilter): Promise<Task[]> {
  const { taskTable } = db.t;
  const conditions = [eq(taskTable.projectId, filter.projectId)];
  if (filter.statuses?.length) conditions.push(inArray(taskTable.status, [...filter.statuses]));
  if (filter.parentId === null) conditions.push(isNull(taskTable.parentId));
  else if (filter.parentId !== undefined) conditions.push(eq(taskTable.parentId, filter.parentId));
  if (filter.specId !== undefined) conditions.push(eq(taskTable.specId, filter.specId));
  const rows = await db.orm
    .select()
    .from(taskTable)
    .where(and(...conditions))
    .orderBy(asc(taskTable.rank), asc(taskTable.number));
  // A spec's tasks are a few of the project's: their own edges, not the whole project's.
  const deps =
    filter.specId === undefined
      ? await projectDependencies(db, filter.projectId)
      : await dependenciesOf(
          db,
          rows.map((row) => row.id),
        );
  return rows.map((row) => toTask(row, deps.get(row.id) ?? []));
}

/** Tasks of every project whose landing is in one of `states` (the lander's queue), oldest change first. */
export async function listTasksInLandStates(db: Db, states: readonly LandState[]): Promise<Task[]> {
  const { taskTable } = db.t;
  const rows = await db.orm
    .select()
    .from(taskTable)
    .where(inArray(landingField(db, "landState"), [...states]))
    .orderBy(asc(taskTable.updatedAt));
  const deps = await dependenciesOf(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => toTask(row, deps.get(row.id) ?? []));
}

/** Id → key of the tasks among `ids` that exist. */
export async function findTaskKeys(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  const { taskTable } = db.t;
  const rows = await readInChunks(ids, (chunk) =>
    db.orm.select({ id: taskTable.id, key: taskTable.key }).from(taskTable).where(inArray(taskTable.id, chunk)),
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
  db: Db,
  projectId: string,
  statuses: readonly TaskStatus[],
): Promise<TaskBranch[]> {
  const { taskTable } = db.t;
  const rows = await db.orm
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
        sql`${landingField(db, "branch")} IS NOT NULL`,
      ),
    )
    .orderBy(asc(taskTable.rank), asc(taskTable.number));
  return rows.map((row) => ({ ...row, landing: { ...NO_LANDING, ...row.landing } }));
}

/** Retry and hold bookkeeping is written only by the server's verbs (a session's end, a release), never copied from an edit. */
export type TaskPatch = Partial<TaskFields & Pick<Task, "failedAttempts" | "retryAt" | "heldAt" | "heldBy">>;

/** Writes `patch` and bumps `version`; returns the task as stored. */
export async function updateTask(db: Db, id: string, patch: TaskPatch, now = new Date()): Promise<Task> {
  const { taskTable } = db.t;
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
  const update = hot<TaskRow>(db, `task.update:${shapeOf(columns)}`, () =>
    db.orm
      .update(taskTable)
      .set({ ...placeholdersOf(columns), version: sql`${taskTable.version} + 1` })
      .where(eq(taskTable.id, sql.placeholder("id")))
      .returning(),
  );
  const row = await update.get({ ...encoded(db, columns, values), id });
  if (!row) throw new Error(`task ${id} vanished inside its transaction`);
  return toTask(row, (await dependenciesOf(db, [id])).get(id) ?? []);
}

export async function deleteTask(db: Db, id: string): Promise<void> {
  const { taskTable } = db.t;
  await db.orm.delete(taskTable).where(eq(taskTable.id, id));
}

/** Whether the project has a task in one of `statuses`: one index probe, no rows read. */
export async function hasTaskIn(db: Db, projectId: string, statuses: readonly TaskStatus[]): Promise<boolean> {
  const { taskTable } = db.t;
  const row = await first(
    db.orm
      .select({ id: taskTable.id })
      .from(taskTable)
      .where(and(eq(taskTable.projectId, projectId), inArray(taskTable.status, [...statuses]))),
  );
  return row !== undefined;
}

export async function countTasks(db: Db, projectId?: string): Promise<number> {
  const { taskTable } = db.t;
  const [row] = await db.orm
    .select({ n: count() })
    .from(taskTable)
    .where(projectId ? eq(taskTable.projectId, projectId) : undefined);
  return row?.n ?? 0;
}

/**
 * A top-level field of a task's landing as text (NULL when the landing or the field is absent or
 * JSON null): SQLite's json_extract, PostgreSQL's `->>` on the jsonb column.
 */
function landingField(db: Db, field: "landState" | "branch"): SQL {
  const { landing } = db.t.taskTable;
  return db.engine === "sqlite"
    ? sql`json_extract(${landing}, ${sql.raw(`'$.${field}'`)})`
    : sql`(${landing} ->> ${sql.raw(`'${field}'`)})`;
}

/**
 * Locks tasks' rows until the transaction ends, before a rule reads them to decide a write (a
 * version check, then the update): on PostgreSQL `FOR NO KEY UPDATE`, in id order so two
 * writers locking the same tasks cannot deadlock, and without blocking the KEY SHARE locks that
 * rows referencing a task take. On SQLite the one writer already holds every row: nothing to do.
 */
export async function lockTaskRows(db: Db, taskIds: readonly string[]): Promise<void> {
  if (db.engine !== "postgres" || taskIds.length === 0) return;
  const { taskTable } = db.t;
  const unique = [...new Set(taskIds)].sort();
  await readInChunks(unique, (chunk) =>
    db.all(sql`SELECT id FROM tasks WHERE ${inArray(taskTable.id, chunk)} ORDER BY id FOR NO KEY UPDATE`),
  );
}
