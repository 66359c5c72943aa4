import type { SessionStatus, SessionStopReason } from "@maestro/domain";
import { asc, eq, sql } from "drizzle-orm";
import { prepared } from "../prepared";
import { type LaunchManifest, sessionTable } from "../schema/session";
import { sqliteOf } from "../store/db";
import { type Db } from "../store/store";

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

export async function findSessionLease(handle: Db, sessionId: string): Promise<SessionLease | undefined> {
  const db = sqliteOf(handle);
  return prepared(db, "session.lease", () =>
    db
      .select({
        sessionId: sessionTable.id,
        projectId: sessionTable.projectId,
        status: sessionTable.status,
        lease: sessionTable.lease,
        stopRequested: sessionTable.stopRequested,
        stopReason: sessionTable.stopReason,
      })
      .from(sessionTable)
      .where(eq(sessionTable.id, sql.placeholder("id")))
      .prepare(),
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

export async function findSessionLaunch(handle: Db, sessionId: string): Promise<SessionLaunch | undefined> {
  const db = sqliteOf(handle);
  return db
    .select({ useWorktree: sessionTable.useWorktree, isQueue: sessionTable.isQueue, manifest: sessionTable.manifest })
    .from(sessionTable)
    .where(eq(sessionTable.id, sessionId))
    .get();
}

/** The session a claim takes next: the oldest queued one. */
export async function findOldestQueuedSessionId(handle: Db): Promise<string | undefined> {
  const db = sqliteOf(handle);
  return prepared(db, "session.oldestQueued", () =>
    db
      .select({ id: sessionTable.id })
      .from(sessionTable)
      .where(eq(sessionTable.status, "queued"))
      .orderBy(asc(sessionTable.createdAt))
      .limit(1)
      .prepare(),
  ).get()?.id;
}

/** The heartbeat's write: just the time, nothing read back. */
export async function touchSessionHeartbeat(handle: Db, sessionId: string, at: Date): Promise<void> {
  const db = sqliteOf(handle);
  db.update(sessionTable).set({ lastHeartbeatAt: at }).where(eq(sessionTable.id, sessionId)).run();
}
