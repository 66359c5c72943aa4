import { type RankPosition, type Task, type TaskStatus, asciiLower } from "@maestro/domain";
import { type SQL, and, asc, eq, gt, gte, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { DbClient } from "../database";
import { type TaskRow, taskTable } from "../schema/task";
import { dependenciesOf, toTask } from "./task-mapper";
import { sqliteOf } from "../store/db";
import { type Db } from "../store/store";

/**
 * Todo tasks a page of ready tasks looks at, at most. Readiness is checked per task (its
 * dependencies' statuses), so a project whose todo tasks mostly wait would otherwise cost a
 * scan of all of them for one page; past this many the page ends early and says where.
 */
export const READY_SCAN_MAX = 2_000;

/** Tasks a page of a search looks at, at most (a title is matched per task), as for ready tasks. */
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
   * Where a ready scan stopped at its bound with fewer than `fetch` tasks found: tasks after it
   * were not looked at. Null when everything after `after` was looked at.
   */
  scannedTo: RankPosition | null;
}

const ORDER = [asc(taskTable.rank), asc(taskTable.number)];

const afterPosition = ({ rank, number }: RankPosition): SQL =>
  and(gte(taskTable.rank, rank), or(gt(taskTable.rank, rank), gt(taskTable.number, number)))!;

const upToPosition = ({ rank, number }: RankPosition): SQL =>
  and(lte(taskTable.rank, rank), or(lt(taskTable.rank, rank), lte(taskTable.number, number)))!;

/** A todo task none of whose dependencies is anything but done (a deleted one is gone with its edge). */
const IS_READY = sql`NOT EXISTS (SELECT 1 FROM task_dependencies d JOIN tasks u ON u.id = d.depends_on_id
  WHERE d.task_id = ${taskTable.id} AND u.status <> 'done')`;

/**
 * One page's worth of a project's tasks in the board's order (rank, then number). Each status
 * and each parent has an index in that order (migration 0016), so a page reads about `fetch`
 * rows however big the project; several statuses are read one index range each and merged.
 */
export async function pageTasks(handle: Db, query: TaskPageQuery): Promise<TaskPageSlice> {
  const db = sqliteOf(handle);
  if (query.isReady) return await pageReadyTasks(handle, query);
  if (query.search) return await pageSearchedTasks(handle, query, query.search);
  const statuses = query.statuses ?? [];
  if (statuses.length <= 1) {
    const rows = readRows(db, [...baseConditions(query), statusIs(statuses[0])], query.fetch);
    return { tasks: await withDependencies(handle, rows), scannedTo: null };
  }
  const keys = statuses
    .flatMap((status) => readKeys(db, [...baseConditions(query), statusIs(status)], query.fetch))
    .sort((a, b) => a.rank - b.rank || a.number - b.number)
    .slice(0, query.fetch);
  const rows = readRows(db, [inArray(taskTable.id, ids(keys))], query.fetch);
  return { tasks: await withDependencies(handle, rows), scannedTo: null };
}

async function pageReadyTasks(handle: Db, query: TaskPageQuery): Promise<TaskPageSlice> {
  const db = sqliteOf(handle);
  if (query.statuses?.length && !query.statuses.includes("todo")) return { tasks: [], scannedTo: null };
  const todo = [...baseConditions(query), eq(taskTable.status, "todo")];
  const bound = db
    .select({ rank: taskTable.rank, number: taskTable.number })
    .from(taskTable)
    .where(and(...todo))
    .orderBy(...ORDER)
    .limit(1)
    .offset(READY_SCAN_MAX - 1)
    .get();
  const search = query.search ? matchesSearch(query.search) : undefined;
  const rows = readRows(db, [...todo, IS_READY, search, bound && upToPosition(bound)], query.fetch);
  const isBoundReached = bound !== undefined && rows.length < query.fetch;
  return { tasks: await withDependencies(handle, rows), scannedTo: isBoundReached ? bound : null };
}

/** The same rule as the domain's `taskMatchesSearch`: key or number equal, or the title contains the text. */
function matchesSearch(search: string): SQL {
  const pattern = `%${asciiLower(search).replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
  return or(
    sql`lower(${taskTable.key}) = ${asciiLower(search)}`,
    // The key's number as written: "03" is not 3, as in the domain (no leading zero).
    /^[1-9]\d{0,14}$/.test(search) ? eq(taskTable.number, Number(search)) : undefined,
    sql`${taskTable.title} LIKE ${pattern} ESCAPE '\\'`,
  )!;
}

/** A search walks the list in order and looks at SEARCH_SCAN_MAX tasks at most per page. */
async function pageSearchedTasks(handle: Db, query: TaskPageQuery, search: string): Promise<TaskPageSlice> {
  const db = sqliteOf(handle);
  const statuses = query.statuses ?? [];
  const scope = [...baseConditions(query), statuses.length > 0 ? inArray(taskTable.status, [...statuses]) : undefined];
  const bound = db
    .select({ rank: taskTable.rank, number: taskTable.number })
    .from(taskTable)
    .where(and(...scope))
    .orderBy(...ORDER)
    .limit(1)
    .offset(SEARCH_SCAN_MAX - 1)
    .get();
  const rows = readRows(db, [...scope, matchesSearch(search), bound && upToPosition(bound)], query.fetch);
  const isBoundReached = bound !== undefined && rows.length < query.fetch;
  return { tasks: await withDependencies(handle, rows), scannedTo: isBoundReached ? bound : null };
}

function baseConditions(query: TaskPageQuery): (SQL | undefined)[] {
  return [
    eq(taskTable.projectId, query.projectId),
    query.parentId === null ? isNull(taskTable.parentId) : undefined,
    query.parentId ? eq(taskTable.parentId, query.parentId) : undefined,
    query.after && afterPosition(query.after),
  ];
}

const statusIs = (status: TaskStatus | undefined) => (status ? eq(taskTable.status, status) : undefined);

function readRows(db: DbClient, conditions: (SQL | undefined)[], fetch: number): TaskRow[] {
  return db
    .select()
    .from(taskTable)
    .where(and(...conditions))
    .orderBy(...ORDER)
    .limit(fetch)
    .all();
}

function readKeys(db: DbClient, conditions: (SQL | undefined)[], fetch: number) {
  return db
    .select({ id: taskTable.id, rank: taskTable.rank, number: taskTable.number })
    .from(taskTable)
    .where(and(...conditions))
    .orderBy(...ORDER)
    .limit(fetch)
    .all();
}

const ids = (rows: readonly { id: string }[]) => rows.map((row) => row.id);

async function withDependencies(handle: Db, rows: TaskRow[]): Promise<Task[]> {
  const deps = await dependenciesOf(handle, ids(rows));
  return rows.map((row) => toTask(row, deps.get(row.id) ?? []));
}
