import { randomUUID } from "node:crypto";
import type { EndReason, Session, SessionRole, SessionStatus, SessionStopReason, TimePosition } from "@maestro/domain";
import { type SQL, and, desc, eq, inArray, lt, or, sql } from "drizzle-orm";
import type { DbClient } from "../database";
import { prepared } from "../prepared";
import { type LaunchManifest, sessionTable, sessionTaskTable } from "../schema/session";
import { taskIdsOf, toSession, withTaskIds } from "./session-mapper";

const date = (value: string | null) => (value ? new Date(value) : null);

export interface NewSession {
  projectId: string;
  taskIds: string[];
  agent: string;
  role: SessionRole;
  attempt: number;
  prompt: string;
  tokenHash: string;
  useWorktree: boolean;
  isQueue: boolean;
  parentSessionId: string | null;
  /**
   * A session that continues an earlier one starts with that one's conversation and worktree,
   * and goes on with the follow-up it was given (a failed check, requested changes, a conflict).
   */
  continues?: Pick<Session, "agentSessionId" | "worktreePath" | "branch" | "followUp"> & { id: string; reason: string };
}

export function insertSession(db: DbClient, values: NewSession, now = new Date()): Session {
  const { taskIds, continues, ...rest } = values;
  const carried = continues
    ? {
        resumedFromId: continues.id,
        resumeReason: continues.reason,
        agentSessionId: continues.agentSessionId,
        worktreePath: continues.worktreePath,
        branch: continues.branch,
        followUp: continues.followUp,
      }
    : {};
  const row = db
    .insert(sessionTable)
    .values({ ...rest, ...carried, id: randomUUID(), status: "queued", createdAt: now })
    .returning()
    .get();
  db.insert(sessionTaskTable)
    .values(taskIds.map((taskId, position) => ({ sessionId: row.id, taskId, position })))
    .run();
  return toSession(row, taskIds);
}

export function findSessionById(db: DbClient, id: string): Session | undefined {
  const row = prepared(db, "session.byId", () =>
    db
      .select()
      .from(sessionTable)
      .where(eq(sessionTable.id, sql.placeholder("id")))
      .prepare(),
  ).get({ id });
  return withTaskIds(db, row);
}

/** Sessions whose id starts with `prefix` (at most two: enough to know whether it is unique). */
export function findSessionIdsByPrefix(db: DbClient, prefix: string): string[] {
  const escaped = prefix.replace(/[\\%_]/g, (char) => `\\${char}`);
  return db
    .select({ id: sessionTable.id })
    .from(sessionTable)
    .where(sql`${sessionTable.id} LIKE ${`${escaped}%`} ESCAPE '\\'`)
    .limit(2)
    .all()
    .map((row) => row.id);
}

/** The session whose token hashes to `tokenHash` (only a hash is stored, never the token). */
export function findSessionOfToken(db: DbClient, tokenHash: string): Session | undefined {
  // Every call an agent makes is authenticated by this lookup: built once.
  const row = prepared(db, "session.byTokenHash", () =>
    db
      .select()
      .from(sessionTable)
      .where(eq(sessionTable.tokenHash, sql.placeholder("tokenHash")))
      .prepare(),
  ).get({ tokenHash });
  return withTaskIds(db, row);
}

export interface SessionFilter {
  projectId?: string;
  taskId?: string;
  statuses?: readonly SessionStatus[];
  endReasons?: readonly EndReason[];
  /** Only the sessions this one delegated to (started as their parent). */
  parentSessionId?: string;
  limit: number;
  /** Only sessions listed after this one (newest first): the next page. */
  after?: TimePosition;
}

/**
 * Whether any session has one of `statuses`: an index probe, where listing (newest first) sorts
 * in a temporary b-tree even when nothing matches. The scheduler asks after every relevant write.
 */
export function hasSessionIn(db: DbClient, statuses: readonly SessionStatus[]): boolean {
  const probe = prepared(db, `session.anyIn:${statuses.join(",")}`, () =>
    db
      .select({ id: sessionTable.id })
      .from(sessionTable)
      .where(inArray(sessionTable.status, [...statuses]))
      .limit(1)
      .prepare(),
  );
  return probe.get() !== undefined;
}

export function listSessions(db: DbClient, filter: SessionFilter): Session[] {
  const conditions: SQL[] = [];
  if (filter.projectId) conditions.push(eq(sessionTable.projectId, filter.projectId));
  if (filter.statuses?.length) conditions.push(inArray(sessionTable.status, [...filter.statuses]));
  if (filter.endReasons?.length) conditions.push(inArray(sessionTable.endReason, [...filter.endReasons]));
  if (filter.after) conditions.push(listedAfter(filter.after));
  if (filter.parentSessionId) conditions.push(eq(sessionTable.parentSessionId, filter.parentSessionId));
  if (filter.taskId) {
    conditions.push(
      inArray(
        sessionTable.id,
        db
          .select({ id: sessionTaskTable.sessionId })
          .from(sessionTaskTable)
          .where(eq(sessionTaskTable.taskId, filter.taskId)),
      ),
    );
  }
  const build = () =>
    db
      .select()
      .from(sessionTable)
      .where(and(...conditions))
      .orderBy(desc(sessionTable.createdAt), desc(sessionTable.id))
      .limit(sql.placeholder("limit"))
      .prepare();
  // The scheduler asks for sessions by status alone many times a second: that shape is kept.
  const isByStatusOnly =
    !filter.projectId && !filter.taskId && !filter.after && !filter.endReasons?.length && !filter.parentSessionId;
  const rows =
    filter.statuses?.length && isByStatusOnly
      ? prepared(db, `session.byStatus:${[...filter.statuses].join(",")}`, build).all({ limit: filter.limit })
      : build().all({ limit: filter.limit });
  const taskIds = taskIdsOf(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => toSession(row, taskIds.get(row.id) ?? []));
}

function listedAfter(position: TimePosition): SQL {
  return or(
    lt(sessionTable.createdAt, position.createdAt),
    and(eq(sessionTable.createdAt, position.createdAt), lt(sessionTable.id, position.id)),
  )!;
}

/**
 * What a change may set: a Session's own fields (cost and tokens grow only through
 * addSessionUsage), and what the server alone keeps about it: the lease and token of the
 * claim holding it, why it was asked to stop, what its runner launched.
 */
export type SessionPatch = Partial<
  Pick<
    Session,
    | "status"
    | "stopRequested"
    | "runnerId"
    | "pid"
    | "cwd"
    | "worktreePath"
    | "branch"
    | "exitCode"
    | "error"
    | "agentSessionId"
    | "resumeReason"
    | "queueIndex"
    | "lastReport"
    | "startedAt"
    | "endedAt"
    | "lastHeartbeatAt"
    | "stalledAt"
    | "endReason"
    | "stoppedBy"
    | "peakRssMb"
  > & { lease: number; tokenHash: string; stopReason: SessionStopReason | null; manifest: LaunchManifest }
>;

export function updateSession(db: DbClient, id: string, patch: SessionPatch): Session {
  const { startedAt, endedAt, lastHeartbeatAt, stalledAt, ...rest } = patch;
  const row = db
    .update(sessionTable)
    .set({
      ...rest,
      ...(startedAt !== undefined ? { startedAt: date(startedAt) } : {}),
      ...(endedAt !== undefined ? { endedAt: date(endedAt) } : {}),
      ...(lastHeartbeatAt !== undefined ? { lastHeartbeatAt: date(lastHeartbeatAt) } : {}),
      ...(stalledAt !== undefined ? { stalledAt: date(stalledAt) } : {}),
    })
    .where(eq(sessionTable.id, id))
    .returning()
    .get();
  if (!row) throw new Error(`session ${id} vanished inside its transaction`);
  return toSession(row, taskIdsOf(db, [id]).get(id) ?? []);
}

export function sessionTaskIds(db: DbClient, sessionId: string): string[] {
  return taskIdsOf(db, [sessionId]).get(sessionId) ?? [];
}

export function countSessionsOfTask(db: DbClient, taskId: string): number {
  const row = db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM session_tasks WHERE task_id = ${taskId}`);
  return row?.n ?? 0;
}

/** How many sessions a session started (its delegates), whatever became of them. */
export function countSessionsStartedBy(db: DbClient, sessionId: string): number {
  const row = db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM sessions WHERE parent_session_id = ${sessionId}`);
  return row?.n ?? 0;
}
