import { randomUUID } from "node:crypto";
import type { LogChunk, LogStream, Session, SessionRole, SessionStatus } from "@maestro/domain";
import { type SQL, and, asc, desc, eq, gt, inArray, sql } from "drizzle-orm";
import type { DbClient } from "../database";
import { prepared } from "../prepared";
import { type SessionRow, sessionLogTable, sessionTable, sessionTaskTable } from "../schema/session";

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function toSession(row: SessionRow, taskIds: string[]): Session {
  return {
    id: row.id,
    projectId: row.projectId,
    taskIds,
    agent: row.agent,
    role: row.role,
    status: row.status,
    stopRequested: row.stopRequested,
    attempt: row.attempt,
    runnerId: row.runnerId,
    pid: row.pid,
    cwd: row.cwd,
    worktreePath: row.worktreePath,
    branch: row.branch,
    prompt: row.prompt,
    exitCode: row.exitCode,
    error: row.error,
    agentSessionId: row.agentSessionId,
    parentSessionId: row.parentSessionId,
    costUsd: row.costUsd,
    tokensIn: row.tokensIn,
    tokensOut: row.tokensOut,
    queueIndex: row.queueIndex,
    lastReport: row.lastReport,
    createdAt: row.createdAt.toISOString(),
    startedAt: iso(row.startedAt),
    endedAt: iso(row.endedAt),
    lastHeartbeatAt: iso(row.lastHeartbeatAt),
    lastOutputAt: iso(row.lastOutputAt),
  };
}

function taskIdsOf(db: DbClient, sessionIds: string[]): Map<string, string[]> {
  const byId = new Map<string, string[]>();
  if (sessionIds.length === 0) return byId;
  const rows =
    sessionIds.length === 1
      ? prepared(db, "session.taskIds", () =>
          db
            .select()
            .from(sessionTaskTable)
            .where(eq(sessionTaskTable.sessionId, sql.placeholder("id")))
            .orderBy(asc(sessionTaskTable.position))
            .prepare(),
        ).all({ id: sessionIds[0] })
      : db
          .select()
          .from(sessionTaskTable)
          .where(inArray(sessionTaskTable.sessionId, sessionIds))
          .orderBy(asc(sessionTaskTable.position))
          .all();
  for (const row of rows) byId.set(row.sessionId, [...(byId.get(row.sessionId) ?? []), row.taskId]);
  return byId;
}

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
}

export function insertSession(db: DbClient, values: NewSession, now = new Date()): Session {
  const { taskIds, ...rest } = values;
  const row = db
    .insert(sessionTable)
    .values({ ...rest, id: randomUUID(), status: "queued", createdAt: now })
    .returning()
    .get();
  db.insert(sessionTaskTable)
    .values(taskIds.map((taskId, position) => ({ sessionId: row.id, taskId, position })))
    .run();
  return toSession(row, taskIds);
}

/** The raw row, for the fields a domain Session does not expose (lease, token hash, flags). */
export function findSessionRow(db: DbClient, id: string): SessionRow | undefined {
  return prepared(db, "session.byId", () =>
    db
      .select()
      .from(sessionTable)
      .where(eq(sessionTable.id, sql.placeholder("id")))
      .prepare(),
  ).get({ id });
}

export function findSessionById(db: DbClient, id: string): Session | undefined {
  const row = findSessionRow(db, id);
  return row && toSession(row, taskIdsOf(db, [row.id]).get(row.id) ?? []);
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

export function findSessionByTokenHash(db: DbClient, tokenHash: string): SessionRow | undefined {
  return db.select().from(sessionTable).where(eq(sessionTable.tokenHash, tokenHash)).get();
}

export interface SessionFilter {
  projectId?: string;
  taskId?: string;
  statuses?: readonly SessionStatus[];
  limit: number;
}

export function listSessions(db: DbClient, filter: SessionFilter): Session[] {
  const conditions: SQL[] = [];
  if (filter.projectId) conditions.push(eq(sessionTable.projectId, filter.projectId));
  if (filter.statuses?.length) conditions.push(inArray(sessionTable.status, [...filter.statuses]));
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
      .orderBy(desc(sessionTable.createdAt))
      .limit(sql.placeholder("limit"))
      .prepare();
  // The scheduler asks for sessions by status alone many times a second: that shape is kept.
  const rows =
    filter.statuses?.length && !filter.projectId && !filter.taskId
      ? prepared(db, `session.byStatus:${[...filter.statuses].join(",")}`, build).all({ limit: filter.limit })
      : build().all({ limit: filter.limit });
  const taskIds = taskIdsOf(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => toSession(row, taskIds.get(row.id) ?? []));
}

export type SessionPatch = Partial<Omit<SessionRow, "id" | "projectId" | "createdAt">>;

/** The heartbeat's write: just the time, nothing read back. */
export function touchSessionHeartbeat(db: DbClient, id: string, at: Date): void {
  db.update(sessionTable).set({ lastHeartbeatAt: at }).where(eq(sessionTable.id, id)).run();
}

export function updateSession(db: DbClient, id: string, patch: SessionPatch): Session {
  const row = db.update(sessionTable).set(patch).where(eq(sessionTable.id, id)).returning().get();
  if (!row) throw new Error(`session ${id} vanished inside its transaction`);
  return toSession(row, taskIdsOf(db, [id]).get(id) ?? []);
}

export function nextQueuedSessionRow(db: DbClient): SessionRow | undefined {
  return prepared(db, "session.nextQueued", () =>
    db
      .select()
      .from(sessionTable)
      .where(eq(sessionTable.status, "queued"))
      .orderBy(asc(sessionTable.createdAt))
      .limit(1)
      .prepare(),
  ).get();
}

/** Appends chunks with consecutive seqs from the session's counter; part of the caller's transaction. */
export function appendLogChunks(
  db: DbClient,
  sessionId: string,
  chunks: ReadonlyArray<{ stream: LogStream; text: string }>,
  now = new Date(),
): LogChunk[] {
  if (chunks.length === 0) return [];
  const row = db
    .update(sessionTable)
    .set({ nextSeq: sql`${sessionTable.nextSeq} + ${chunks.length}`, lastOutputAt: now })
    .where(eq(sessionTable.id, sessionId))
    .returning({ next: sessionTable.nextSeq })
    .get();
  if (!row) throw new Error(`session ${sessionId} vanished inside its transaction`);
  const first = row.next - chunks.length;
  const values = chunks.map((chunk, i) => ({
    sessionId,
    seq: first + i,
    stream: chunk.stream,
    text: chunk.text,
    ts: now,
  }));
  for (let i = 0; i < values.length; i += 200) {
    db.insert(sessionLogTable)
      .values(values.slice(i, i + 200))
      .run();
  }
  return values.map((value) => ({ ...value, ts: now.toISOString() }));
}

export function listLogChunks(db: DbClient, sessionId: string, afterSeq: number, limit: number): LogChunk[] {
  return db
    .select()
    .from(sessionLogTable)
    .where(and(eq(sessionLogTable.sessionId, sessionId), gt(sessionLogTable.seq, afterSeq)))
    .orderBy(asc(sessionLogTable.seq))
    .limit(limit)
    .all()
    .map((row) => ({ ...row, ts: row.ts.toISOString() }));
}

export function sessionTaskIds(db: DbClient, sessionId: string): string[] {
  return taskIdsOf(db, [sessionId]).get(sessionId) ?? [];
}

export function countSessionsOfTask(db: DbClient, taskId: string): number {
  const row = db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM session_tasks WHERE task_id = ${taskId}`);
  return row?.n ?? 0;
}

export interface CostRow {
  taskId: string;
  costUsd: number;
  tokensIn: number;
  tokensOut: number;
  sessions: number;
}

/** Cost and tokens of a project's sessions, by task (a queue session counts for its first task). */
export function sumCostsByTask(db: DbClient, projectId: string): CostRow[] {
  return db.all<CostRow>(sql`
    SELECT st.task_id AS taskId, SUM(s.cost_usd) AS costUsd, SUM(s.tokens_in) AS tokensIn,
           SUM(s.tokens_out) AS tokensOut, COUNT(*) AS sessions
    FROM sessions s JOIN session_tasks st ON st.session_id = s.id AND st.position = 0
    WHERE s.project_id = ${projectId}
    GROUP BY st.task_id`);
}
