import { randomUUID } from "node:crypto";
import type { CheckStatus, LineComment, ReviewVerdict, TaskCheck, TaskReview, TimePosition } from "@maestro/domain";
import { type SQL, and, asc, desc, eq, lt, or } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { TaskCheckRow, TaskReviewRow } from "../schema/landing";
import { first } from "../store/db";
import { type Db } from "../store/store";

const iso = (date: Date | null) => (date ? date.toISOString() : null);

function toTaskReview(row: TaskReviewRow): TaskReview {
  const { projectId: _projectId, createdAt, ...rest } = row;
  return { ...rest, createdAt: createdAt.toISOString() };
}

function toTaskCheck(row: TaskCheckRow): TaskCheck {
  const { projectId: _projectId, startedAt, endedAt, ...rest } = row;
  return { ...rest, startedAt: startedAt.toISOString(), endedAt: iso(endedAt) };
}

export interface NewTaskReview {
  taskId: string;
  projectId: string;
  actor: string;
  verdict: ReviewVerdict;
  comment: string;
  comments: LineComment[];
  headCommit: string | null;
}

export async function insertTaskReview(db: Db, review: NewTaskReview, now = new Date()): Promise<TaskReview> {
  const { taskReviewTable } = db.t;
  const [row] = await db.orm
    .insert(taskReviewTable)
    .values({ ...review, id: randomUUID(), createdAt: now })
    .returning();
  return toTaskReview(row!);
}

/** A task's review history, oldest first. */
export interface NewTaskCheck {
  taskId: string;
  projectId: string;
  sessionId: string;
  command: string;
}

export async function insertTaskCheck(db: Db, check: NewTaskCheck, now = new Date()): Promise<TaskCheck> {
  const { taskCheckTable } = db.t;
  const [row] = await db.orm
    .insert(taskCheckTable)
    .values({ ...check, id: randomUUID(), status: "running", startedAt: now })
    .returning();
  return toTaskCheck(row!);
}

export interface CheckOutcome {
  status: Exclude<CheckStatus, "running">;
  exitCode: number | null;
  outputTail: string;
}

export async function finishTaskCheck(db: Db, id: string, outcome: CheckOutcome, now = new Date()): Promise<TaskCheck> {
  const { taskCheckTable } = db.t;
  const [row] = await db.orm
    .update(taskCheckTable)
    .set({ ...outcome, endedAt: now })
    .where(eq(taskCheckTable.id, id))
    .returning();
  if (!row) throw new Error(`check ${id} vanished inside its transaction`);
  return toTaskCheck(row);
}

export async function findTaskCheck(db: Db, id: string): Promise<TaskCheck | undefined> {
  const { taskCheckTable } = db.t;
  const row = await first(db.orm.select().from(taskCheckTable).where(eq(taskCheckTable.id, id)));
  return row && toTaskCheck(row);
}

/** A task's check runs, oldest first (every attempt's). */
export async function listTaskChecks(db: Db, taskId: string): Promise<TaskCheck[]> {
  const { taskCheckTable } = db.t;
  const rows = await db.orm
    .select()
    .from(taskCheckTable)
    .where(eq(taskCheckTable.taskId, taskId))
    .orderBy(asc(taskCheckTable.startedAt));
  return rows.map(toTaskCheck);
}

/** Rows listed after `position` in newest-first order of (time, id). */
function olderThan(time: SQLiteColumn, id: SQLiteColumn, position: TimePosition): SQL {
  return or(lt(time, position.createdAt), and(eq(time, position.createdAt), lt(id, position.id)))!;
}

/** A task's reviews newest first: `limit` of them, after `before` when given. */
export async function pageTaskReviews(
  db: Db,
  taskId: string,
  page: { limit: number; before?: TimePosition },
): Promise<TaskReview[]> {
  const { taskReviewTable } = db.t;
  const { createdAt, id } = taskReviewTable;
  const rows = await db.orm
    .select()
    .from(taskReviewTable)
    .where(and(eq(taskReviewTable.taskId, taskId), page.before ? olderThan(createdAt, id, page.before) : undefined))
    .orderBy(desc(createdAt), desc(id))
    .limit(page.limit);
  return rows.map(toTaskReview);
}

/** A task's check runs newest first (by start): `limit` of them, after `before` when given. */
export async function pageTaskChecks(
  db: Db,
  taskId: string,
  page: { limit: number; before?: TimePosition },
): Promise<TaskCheck[]> {
  const { taskCheckTable } = db.t;
  const { startedAt, id } = taskCheckTable;
  const rows = await db.orm
    .select()
    .from(taskCheckTable)
    .where(and(eq(taskCheckTable.taskId, taskId), page.before ? olderThan(startedAt, id, page.before) : undefined))
    .orderBy(desc(startedAt), desc(id))
    .limit(page.limit);
  return rows.map(toTaskCheck);
}
