import { randomUUID } from "node:crypto";
import {
  type EndReason,
  SESSION_STATUSES,
  type Session,
  type SessionRole,
  type SessionStatus,
  type SessionStopReason,
  type TimePosition,
} from "@maestro/domain";
import { type SQL, and, count, desc, eq, inArray, lt, or, sql } from "drizzle-orm";
import type { LaunchManifest, SessionRow } from "../schema/session";
import { hot } from "../store/db";
import type { Db } from "../store/store";
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

export async function insertSession(db: Db, values: NewSession, now = new Date()): Promise<Session> {
  const { sessionTable, sessionTaskTable } = db.t;
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
  const [row] = await db.orm
    .insert(sessionTable)
    .values({ ...rest, ...carried, id: randomUUID(), status: "queued", createdAt: now })
    .returning();
  await db.orm
    .insert(sessionTaskTable)
    .values(taskIds.map((taskId, position) => ({ sessionId: row!.id, taskId, position })));
  return toSession(row!, taskIds);
}

export async function findSessionById(db: Db, id: string): Promise<Session | undefined> {
  const { sessionTable } = db.t;
  const row = await hot<SessionRow>(db, "session.byId", () =>
    db.orm
      .select()
      .from(sessionTable)
      .where(eq(sessionTable.id, sql.placeholder("id"))),
  ).get({ id });
  return await withTaskIds(db, row);
}

/** Sessions whose id starts with `prefix` (at most two: enough to know whether it is unique). */
export async function findSessionIdsByPrefix(db: Db, prefix: string): Promise<string[]> {
  const { sessionTable } = db.t;
  const escaped = prefix.replace(/[\\%_]/g, (char) => `\\${char}`);
  // Case-insensitive as SQLite's LIKE is for ASCII: both sides folded, on both engines.
  const rows = await db.orm
    .select({ id: sessionTable.id })
    .from(sessionTable)
    .where(sql`lower(${sessionTable.id}) LIKE lower(${`${escaped}%`}) ESCAPE '\\'`)
    .limit(2);
  return rows.map((row) => row.id);
}

/** The session whose token hashes to `tokenHash` (only a hash is stored, never the token). */
export async function findSessionOfToken(db: Db, tokenHash: string): Promise<Session | undefined> {
  const { sessionTable } = db.t;
  // Every call an agent makes is authenticated by this lookup: built once.
  const row = await hot<SessionRow>(db, "session.byTokenHash", () =>
    db.orm
      .select()
      .from(sessionTable)
      .where(eq(sessionTable.tokenHash, sql.placeholder("tokenHash"))),
  ).get({ tokenHash });
  return await withTaskIds(db, row);
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
 * A list of statuses as a short part of a hot query's name: each status's place in
 * SESSION_STATUSES, in the list's order. PostgreSQL cuts a prepared statement's name at 63
 * bytes, so the statuses spelled out would make two long lists with the same start one name.
 */
function statusesKey(statuses: readonly SessionStatus[]): string {
  return statuses.map((status) => SESSION_STATUSES.indexOf(status).toString(36)).join("");
}

/**
 * Whether any session has one of `statuses`: an index probe, where listing (newest first) sorts
 * in a temporary b-tree even when nothing matches. The scheduler asks after every relevant write.
 */
export async function hasSessionIn(db: Db, statuses: readonly SessionStatus[]): Promise<boolean> {
  const { sessionTable } = db.t;
  const probe = hot<{ id: string }>(db, `session.anyIn:${statusesKey(statuses)}`, () =>
    db.orm
      .select({ id: sessionTable.id })
      .from(sessionTable)
      .where(inArray(sessionTable.status, [...statuses]))
      .limit(1),
  );
  return (await probe.get({})) !== undefined;
}

export async function listSessions(db: Db, filter: SessionFilter): Promise<Session[]> {
  const { sessionTable, sessionTaskTable } = db.t;
  const conditions: SQL[] = [];
  if (filter.projectId) conditions.push(eq(sessionTable.projectId, filter.projectId));
  if (filter.statuses?.length) conditions.push(inArray(sessionTable.status, [...filter.statuses]));
  if (filter.endReasons?.length) conditions.push(inArray(sessionTable.endReason, [...filter.endReasons]));
  if (filter.after) conditions.push(listedAfter(db, filter.after));
  if (filter.parentSessionId) conditions.push(eq(sessionTable.parentSessionId, filter.parentSessionId));
  if (filter.taskId) {
    conditions.push(
      inArray(
        sessionTable.id,
        db.orm
          .select({ id: sessionTaskTable.sessionId })
          .from(sessionTaskTable)
          .where(eq(sessionTaskTable.taskId, filter.taskId)),
      ),
    );
  }
  const build = (limit: number | ReturnType<typeof sql.placeholder>) =>
    db.orm
      .select()
      .from(sessionTable)
      .where(and(...conditions))
      .orderBy(desc(sessionTable.createdAt), desc(sessionTable.id))
      .limit(limit);
  // The scheduler asks for sessions by status alone many times a second: that shape is kept.
  const isByStatusOnly =
    !filter.projectId && !filter.taskId && !filter.after && !filter.endReasons?.length && !filter.parentSessionId;
  const key = filter.statuses?.length ? statusesKey(filter.statuses) : "";
  const rows =
    key && key.length <= 40 && isByStatusOnly
      ? await hot<SessionRow>(db, `session.byStatus:${key}`, () => build(sql.placeholder("limit"))).all({
          limit: filter.limit,
        })
      : await build(filter.limit);
  const taskIds = await taskIdsOf(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => toSession(row, taskIds.get(row.id) ?? []));
}

function listedAfter(db: Db, position: TimePosition): SQL {
  const { sessionTable } = db.t;
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

export async function updateSession(db: Db, id: string, patch: SessionPatch): Promise<Session> {
  const { sessionTable } = db.t;
  const { startedAt, endedAt, lastHeartbeatAt, stalledAt, ...rest } = patch;
  const [row] = await db.orm
    .update(sessionTable)
    .set({
      ...rest,
      ...(startedAt !== undefined ? { startedAt: date(startedAt) } : {}),
      ...(endedAt !== undefined ? { endedAt: date(endedAt) } : {}),
      ...(lastHeartbeatAt !== undefined ? { lastHeartbeatAt: date(lastHeartbeatAt) } : {}),
      ...(stalledAt !== undefined ? { stalledAt: date(stalledAt) } : {}),
    })
    .where(eq(sessionTable.id, id))
    .returning();
  if (!row) throw new Error(`session ${id} vanished inside its transaction`);
  return toSession(row, (await taskIdsOf(db, [id])).get(id) ?? []);
}

export async function sessionTaskIds(db: Db, sessionId: string): Promise<string[]> {
  return (await taskIdsOf(db, [sessionId])).get(sessionId) ?? [];
}

export async function countSessionsOfTask(db: Db, taskId: string): Promise<number> {
  const { sessionTaskTable } = db.t;
  const [row] = await db.orm.select({ n: count() }).from(sessionTaskTable).where(eq(sessionTaskTable.taskId, taskId));
  return row?.n ?? 0;
}

/** How many sessions a session started (its delegates), whatever became of them. */
export async function countSessionsStartedBy(db: Db, sessionId: string): Promise<number> {
  const { sessionTable } = db.t;
  const [row] = await db.orm
    .select({ n: count() })
    .from(sessionTable)
    .where(eq(sessionTable.parentSessionId, sessionId));
  return row?.n ?? 0;
}
