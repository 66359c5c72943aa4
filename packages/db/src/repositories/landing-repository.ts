import { randomUUID } from "node:crypto";
import type { CheckStatus, LineComment, ReviewVerdict, TaskCheck, TaskReview, TimePosition } from "@maestro/domain";
import { type SQL, and, asc, desc, eq, lt, or } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { DbClient } from "../database";
import { type TaskCheckRow, type TaskReviewRow, taskCheckTable, taskReviewTable } from "../schema/landing";

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

export function insertTaskReview(db: DbClient, review: NewTaskReview, now = new Date()): TaskReview {
  return toTaskReview(
    db
      .insert(taskReviewTable)
      .values({ ...review, id: randomUUID(), createdAt: now })
      .returning()
      .get(),
  );
}

/** A task's review history, oldest first. */
export interface NewTaskCheck {
  taskId: string;
  projectId: string;
  sessionId: string;
  command: string;
}

export function insertTaskCheck(db: DbClient, check: NewTaskCheck, now = new Date()): TaskCheck {
  return toTaskCheck(
    db
      .insert(taskCheckTable)
      .values({ ...check, id: randomUUID(), status: "running", startedAt: now })
      .returning()
      .get(),
  );
}

export interface CheckOutcome {
  status: Exclude<CheckStatus, "running">;
  exitCode: number | null;
  outputTail: string;
}

export function finishTaskCheck(db: DbClient, id: string, outcome: CheckOutcome, now = new Date()): TaskCheck {
  const row = db
    .update(taskCheckTable)
    .set({ ...outcome, endedAt: now })
    .where(eq(taskCheckTable.id, id))
    .returning()
    .get();
  if (!row) throw new Error(`check ${id} vanished inside its transaction`);
  return toTaskCheck(row);
}

export function findTaskCheck(db: DbClient, id: string): TaskCheck | undefined {
  const row = db.select().from(taskCheckTable).where(eq(taskCheckTable.id, id)).get();
  return row && toTaskCheck(row);
}

/** A task's check runs, oldest first (every attempt's). */
export function listTaskChecks(db: DbClient, taskId: string): TaskCheck[] {
  return db
    .select()
    .from(taskCheckTable)
    .where(eq(taskCheckTable.taskId, taskId))
    .orderBy(asc(taskCheckTable.startedAt))
    .all()
    .map(toTaskCheck);
}

/** Rows listed after `position` in newest-first order of (time, id). */
function olderThan(time: SQLiteColumn, id: SQLiteColumn, position: TimePosition): SQL {
  return or(lt(time, position.createdAt), and(eq(time, position.createdAt), lt(id, position.id)))!;
}

/** A task's reviews newest first: `limit` of them, after `before` when given. */
export function pageTaskReviews(
  db: DbClient,
  taskId: string,
  page: { limit: number; before?: TimePosition },
): TaskReview[] {
  const { createdAt, id } = taskReviewTable;
  return db
    .select()
    .from(taskReviewTable)
    .where(and(eq(taskReviewTable.taskId, taskId), page.before ? olderThan(createdAt, id, page.before) : undefined))
    .orderBy(desc(createdAt), desc(id))
    .limit(page.limit)
    .all()
    .map(toTaskReview);
}

/** A task's check runs newest first (by start): `limit` of them, after `before` when given. */
export function pageTaskChecks(
  db: DbClient,
  taskId: string,
  page: { limit: number; before?: TimePosition },
): TaskCheck[] {
  const { startedAt, id } = taskCheckTable;
  return db
    .select()
    .from(taskCheckTable)
    .where(and(eq(taskCheckTable.taskId, taskId), page.before ? olderThan(startedAt, id, page.before) : undefined))
    .orderBy(desc(startedAt), desc(id))
    .limit(page.limit)
    .all()
    .map(toTaskCheck);
}
