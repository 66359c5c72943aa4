import type { SessionStatus, SessionStopReason } from "@maestro/domain";
import { asc, eq, sql } from "drizzle-orm";
import type { LaunchManifest } from "../schema/session";
import { sessionTable as pgSessionTable } from "../schema-pg/session";
import { first, hot } from "../store/db";
import type { Db } from "../store/store";

export type { LaunchManifest };

/** Who may act for a session, and whether it was asked to stop: what runner calls check. */
export interface SessionLease {
  sessionId: string;
  projectId: string;
  status: SessionStatus;
  /** The fencing token: every claim takes the next one; calls made under an older one are refused. */
  lease: number;
  stopRequested: boolean;
  stopReason: SessionStopReason | null;
}

/**
 * The session's lease, read for a write that depends on it. On PostgreSQL the row stays locked
 * (FOR NO KEY UPDATE) until the caller's transaction ends, so a claim cannot take the session
 * between the check and the write it guards (SQLite's one writer already serialises them).
 */
export async function findSessionLease(db: Db, sessionId: string): Promise<SessionLease | undefined> {
  if (db.dialect.engine === "postgres") {
    const pg = db.dialect.db;
    return await hot<SessionLease>(db, "session.lease.locked", () =>
      pg
        .select({
          sessionId: pgSessionTable.id,
          projectId: pgSessionTable.projectId,
          status: pgSessionTable.status,
          lease: pgSessionTable.lease,
          stopRequested: pgSessionTable.stopRequested,
          stopReason: pgSessionTable.stopReason,
        })
        .from(pgSessionTable)
        .where(eq(pgSessionTable.id, sql.placeholder("id")))
        .for("no key update"),
    ).get({ id: sessionId });
  }
  const { sessionTable } = db.t;
  return await hot<SessionLease>(db, "session.lease", () =>
    db.orm
      .select({
        sessionId: sessionTable.id,
        projectId: sessionTable.projectId,
        status: sessionTable.status,
        lease: sessionTable.lease,
        stopRequested: sessionTable.stopRequested,
        stopReason: sessionTable.stopReason,
      })
      .from(sessionTable)
      .where(eq(sessionTable.id, sql.placeholder("id"))),
  ).get({ id: sessionId });
}

/** How a session was asked to run, and what its runner launched. */
export interface SessionLaunch {
  useWorktree: boolean;
  /** Its tasks are worked one after another. */
  isQueue: boolean;
  /** Null until a runner has started it. */
  manifest: LaunchManifest | null;
}

export async function findSessionLaunch(db: Db, sessionId: string): Promise<SessionLaunch | undefined> {
  const { sessionTable } = db.t;
  return await first(
    db.orm
      .select({ useWorktree: sessionTable.useWorktree, isQueue: sessionTable.isQueue, manifest: sessionTable.manifest })
      .from(sessionTable)
      .where(eq(sessionTable.id, sessionId)),
  );
}

/**
 * The session a claim takes next: the oldest queued one. On PostgreSQL it is locked FOR UPDATE
 * SKIP LOCKED: a session another instance's claim holds is passed over (not waited for), and the
 * one answered stays this transaction's until it ends. Outside a transaction the lock lasts only
 * the statement, so a probe does not report a session another claim is taking.
 */
export async function findOldestQueuedSessionId(db: Db): Promise<string | undefined> {
  if (db.dialect.engine === "postgres") {
    const pg = db.dialect.db;
    const row = await hot<{ id: string }>(db, "session.oldestQueued.locked", () =>
      pg
        .select({ id: pgSessionTable.id })
        .from(pgSessionTable)
        .where(eq(pgSessionTable.status, "queued"))
        .orderBy(asc(pgSessionTable.createdAt))
        .limit(1)
        .for("update", { skipLocked: true }),
    ).get({});
    return row?.id;
  }
  const { sessionTable } = db.t;
  const row = await hot<{ id: string }>(db, "session.oldestQueued", () =>
    db.orm
      .select({ id: sessionTable.id })
      .from(sessionTable)
      .where(eq(sessionTable.status, "queued"))
      .orderBy(asc(sessionTable.createdAt))
      .limit(1),
  ).get({});
  return row?.id;
}

/** The heartbeat's write: just the time, nothing read back. */
export async function touchSessionHeartbeat(db: Db, sessionId: string, at: Date): Promise<void> {
  const { sessionTable } = db.t;
  await db.orm.update(sessionTable).set({ lastHeartbeatAt: at }).where(eq(sessionTable.id, sessionId));
}
