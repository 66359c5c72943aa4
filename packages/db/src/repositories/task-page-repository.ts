import { type RankPosition, type Task, type TaskStatus, asciiLower } from "@maestro/domain";
import { type SQL, type SQLWrapper, and, asc, eq, gt, gte, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { TaskRow } from "../schema/task";
import { type Db, type Tables } from "../store/store";
import { dependenciesOf, toTask } from "./task-mapper";

/**
 * Tasks a page of a search looks at, at most (a title is matched per task): past this many the
 * page ends early and says where.
 */
export const SEARCH_SCAN_MAX = 5_000;

export interface TaskPageQuery {
  projectId: string;
  /** Any of these statuses; none given: every status. */
  statuses?: readonly TaskStatus[];
  /** `null` = top-level tasks only. */
  parentId?: string | null;
  /** Only todo tasks whose every dependency is done. */
  isReady?: boolean;
  /** Only tasks that match this search (domain `taskMatchesSearch`); blank: every task. */
  search?: string;
  /** Tasks strictly after this position in the order (rank, then number). */
  after?: RankPosition;
  /** Tasks to fetch: a page's limit + 1 tells whether more follow. */
  fetch: number;
}

export interface TaskPageSlice {
  /** Up to `fetch` tasks, in order. */
  tasks: Task[];
  /**
   * Where a search stopped at its bound with fewer than `fetch` tasks found: tasks after it
   * were not looked at. Null when everything after `after` was looked at.
   */
  scannedTo: RankPosition | null;
}

type Tasks = Tables["taskTable"];

/** The board's order: rank, then number (neither is ever NULL, so no NULLS FIRST/LAST is needed). */
const orderOf = (taskTable: Tasks) => [asc(taskTable.rank), asc(taskTable.number)];

const afterPosition = (taskTable: Tasks, { rank, number }: RankPosition): SQL =>
  and(gte(taskTable.rank, rank), or(gt(taskTable.rank, rank), gt(taskTable.number, number)))!;

const upToPosition = (taskTable: Tasks, { rank, number }: RankPosition): SQL =>
  and(lte(taskTable.rank, rank), or(lt(taskTable.rank, rank), lte(taskTable.number, number)))!;

/**
 * A todo task none of whose dependencies is anything but done (a deleted one is gone with its
 * edge), as the triggers keep `pending_dependencies`. Written with literals, as the partial index
 * `tasks_project_ready_rank_idx` says it: a planner uses that index only for a WHERE it can prove.
 */
const isReady = (taskTable: Tasks): SQL => sql`${taskTable.status} = 'todo' AND ${taskTable.pendingDependencies} = 0`;

/**
 * One page's worth of a project's tasks in the board's order (rank, then number). Each status
 * and each parent has an index in that order (migration 0016), so a page reads about `fetch`
 * rows however big the project; several statuses are read one index range each and merged.
 */
export async function pageTasks(db: Db, query: TaskPageQuery): Promise<TaskPageSlice> {
  const { taskTable } = db.t;
  if (query.isReady) return await pageReadyTasks(db, query);
  if (query.search) return await pageSearchedTasks(db, query, query.search);
  const statuses = query.statuses ?? [];
  if (statuses.length <= 1) {
    const rows = await readRows(db, [...baseConditions(db, query), statusIs(db, statuses[0])], query.fetch);
    return { tasks: await withDependencies(db, rows), scannedTo: null };
  }
  const keys: { id: string; rank: number; number: number }[] = [];
  for (const status of statuses) {
    keys.push(...(await readKeys(db, [...baseConditions(db, query), statusIs(db, status)], query.fetch)));
  }
  keys.sort((a, b) => a.rank - b.rank || a.number - b.number);
  const rows = await readRows(db, [inArray(taskTable.id, ids(keys.slice(0, query.fetch)))], query.fetch);
  return { tasks: await withDependencies(db, rows), scannedTo: null };
}

/** The position of the `max`th task matching `conditions` in the board's order: where a bounded scan stops. */
async function scanBound(db: Db, conditions: (SQL | undefined)[], max: number): Promise<RankPosition | undefined> {
  const { taskTable } = db.t;
  const [bound] = await db.orm
    .select({ rank: taskTable.rank, number: taskTable.number })
    .from(taskTable)
    .where(and(...conditions))
    .orderBy(...orderOf(taskTable))
    .limit(1)
    .offset(max - 1);
  return bound;
}

/** Ready tasks are one range of their own index, however many todo tasks wait. */
async function pageReadyTasks(db: Db, query: TaskPageQuery): Promise<TaskPageSlice> {
  const { taskTable } = db.t;
  if (query.statuses?.length && !query.statuses.includes("todo")) return { tasks: [], scannedTo: null };
  const ready = [...baseConditions(db, query), isReady(taskTable)];
  const bound = query.search ? (await readReadyKeys(db, ready, { fetch: 1, skip: SEARCH_SCAN_MAX - 1 }))[0] : undefined;
  const search = query.search ? matchesSearch(db, query.search) : undefined;
  const keys = await readReadyKeys(db, [...ready, search, bound && upToPosition(taskTable, bound)], {
    fetch: query.fetch,
  });
  const rows = await readRows(db, [inArray(taskTable.id, ids(keys))], query.fetch);
  const isBoundReached = bound !== undefined && keys.length < query.fetch;
  return {
    tasks: await withDependencies(db, rows),
    scannedTo: isBoundReached ? { rank: bound.rank, number: bound.number } : null,
  };
}

/**
 * Ready tasks' keys along the ready index, in order. SQLite's planner, without statistics, prefers
 * the status index's todo range and checks each task (every todo task when most wait), so there
 * the index is named; PostgreSQL's planner has statistics.
 */
async function readReadyKeys(
  db: Db,
  conditions: (SQL | undefined)[],
  { fetch, skip = 0 }: { fetch: number; skip?: number },
) {
  const { taskTable } = db.t;
  const from = db.engine === "sqlite" ? sql`tasks INDEXED BY tasks_project_ready_rank_idx` : sql`tasks`;
  return await db.all<{ id: string; rank: number; number: number }>(sql`
    SELECT ${taskTable.id} AS id, ${taskTable.rank} AS rank, ${taskTable.number} AS number FROM ${from}
    WHERE ${and(...conditions)} ORDER BY ${taskTable.rank}, ${taskTable.number} LIMIT ${fetch} OFFSET ${skip}`);
}

/**
 * Text folded to lower case for ASCII letters only, as the domain's `asciiLower`: SQLite's lower()
 * does just that; PostgreSQL's follows the database's collation (C.UTF-8 folds "É" too), so there
 * the 26 letters are translated.
 */
function asciiLowerSql(db: Db, text: SQLWrapper): SQL {
  return db.engine === "sqlite"
    ? sql`lower(${text})`
    : sql`translate(${text}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')`;
}

/** The same rule as the domain's `taskMatchesSearch`: key or number equal, or the title contains the text. */
function matchesSearch(db: Db, search: string): SQL {
  const { taskTable } = db.t;
  const pattern = `%${asciiLower(search).replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
  return or(
    sql`${asciiLowerSql(db, taskTable.key)} = ${asciiLower(search)}`,
    // The key's number as written: "03" is not 3, as in the domain (no leading zero).
    /^[1-9]\d{0,14}$/.test(search) ? eq(taskTable.number, Number(search)) : undefined,
    // SQLite's LIKE ignores ASCII case (and only that); PostgreSQL's does not, so there the title is folded.
    sql`${db.engine === "sqlite" ? taskTable.title : asciiLowerSql(db, taskTable.title)} LIKE ${pattern} ESCAPE '\\'`,
  )!;
}

/** A search walks the list in order and looks at SEARCH_SCAN_MAX tasks at most per page. */
async function pageSearchedTasks(db: Db, query: TaskPageQuery, search: string): Promise<TaskPageSlice> {
  const { taskTable } = db.t;
  const statuses = query.statuses ?? [];
  const scope = [
    ...baseConditions(db, query),
    statuses.length > 0 ? inArray(taskTable.status, [...statuses]) : undefined,
  ];
  const bound = await scanBound(db, scope, SEARCH_SCAN_MAX);
  const rows = await readRows(
    db,
    [...scope, matchesSearch(db, search), bound && upToPosition(taskTable, bound)],
    query.fetch,
  );
  const isBoundReached = bound !== undefined && rows.length < query.fetch;
  return { tasks: await withDependencies(db, rows), scannedTo: isBoundReached ? bound : null };
}

function baseConditions(db: Db, query: TaskPageQuery): (SQL | undefined)[] {
  const { taskTable } = db.t;
  return [
    eq(taskTable.projectId, query.projectId),
    query.parentId === null ? isNull(taskTable.parentId) : undefined,
    query.parentId ? eq(taskTable.parentId, query.parentId) : undefined,
    query.after && afterPosition(taskTable, query.after),
  ];
}

const statusIs = (db: Db, status: TaskStatus | undefined) => (status ? eq(db.t.taskTable.status, status) : undefined);

async function readRows(db: Db, conditions: (SQL | undefined)[], fetch: number): Promise<TaskRow[]> {
  const { taskTable } = db.t;
  return await db.orm
    .select()
    .from(taskTable)
    .where(and(...conditions))
    .orderBy(...orderOf(taskTable))
    .limit(fetch);
}

async function readKeys(db: Db, conditions: (SQL | undefined)[], fetch: number) {
  const { taskTable } = db.t;
  return await db.orm
    .select({ id: taskTable.id, rank: taskTable.rank, number: taskTable.number })
    .from(taskTable)
    .where(and(...conditions))
    .orderBy(...orderOf(taskTable))
    .limit(fetch);
}

const ids = (rows: readonly { id: string }[]) => rows.map((row) => row.id);

async function withDependencies(db: Db, rows: TaskRow[]): Promise<Task[]> {
  const deps = await dependenciesOf(db, ids(rows));
  return rows.map((row) => toTask(row, deps.get(row.id) ?? []));
}
