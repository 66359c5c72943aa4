import { randomUUID } from "node:crypto";
import type { EndReason, Session, SessionRole, SessionStatus, SessionStopReason, TimePosition } from "@maestro/domain";
import { type SQL, and, desc, eq, inArray, lt, or, sql } from "drizzle-orm";
import { prepared } from "../prepared";
import { type LaunchManifest, sessionTable, sessionTaskTable } from "../schema/session";
import { taskIdsOf, toSession, withTaskIds } from "./session-mapper";
import { sqliteOf } from "../store/db";
import { type Db } from "../store/store";

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

export async function insertSession(handle: Db, values: NewSession, now = new Date()): Promise<Session> {
  const db = sqliteOf(handle);
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

export async function findSessionById(handle: Db, id: string): Promise<Session | undefined> {
  const db = sqliteOf(handle);
  const row = prepared(db, "session.byId", () =>
    db
      .select()
      .from(sessionTable)
      .where(eq(sessionTable.id, sql.placeholder("id")))
      .prepare(),
  ).get({ id });
  return await withTaskIds(handle, row);
}

/** Sessions whose id starts with `prefix` (at most two: enough to know whether it is unique). */
export async function findSessionIdsByPrefix(handle: Db, prefix: string): Promise<string[]> {
  const db = sqliteOf(handle);
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
export async function findSessionOfToken(handle: Db, tokenHash: string): Promise<Session | undefined> {
  const db = sqliteOf(handle);
  // Every call an agent makes is authenticated by this lookup: built once.
  const row = prepared(db, "session.byTokenHash", () =>
    db
      .select()
      .from(sessionTable)
      .where(eq(sessionTable.tokenHash, sql.placeholder("tokenHash")))
      .prepare(),
  ).get({ tokenHash });
  return await withTaskIds(handle, row);
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
export async function hasSessionIn(handle: Db, statuses: readonly SessionStatus[]): Promise<boolean> {
  const db = sqliteOf(handle);
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

export async function listSessions(handle: Db, filter: SessionFilter): Promise<Session[]> {
  const db = sqliteOf(handle);
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
  const taskIds = await taskIdsOf(
    handle,
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

export async function updateSession(handle: Db, id: string, patch: SessionPatch): Promise<Session> {
  const db = sqliteOf(handle);
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
  return toSession(row, (await taskIdsOf(handle, [id])).get(id) ?? []);
}

export async function sessionTaskIds(handle: Db, sessionId: string): Promise<string[]> {
  return (await taskIdsOf(handle, [sessionId])).get(sessionId) ?? [];
}

export async function countSessionsOfTask(handle: Db, taskId: string): Promise<number> {
  const db = sqliteOf(handle);
  const row = db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM session_tasks WHERE task_id = ${taskId}`);
  return row?.n ?? 0;
}

/** How many sessions a session started (its delegates), whatever became of them. */
export async function countSessionsStartedBy(handle: Db, sessionId: string): Promise<number> {
  const db = sqliteOf(handle);
  const row = db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM sessions WHERE parent_session_id = ${sessionId}`);
  return row?.n ?? 0;
}
