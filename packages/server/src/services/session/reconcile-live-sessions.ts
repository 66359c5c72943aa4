import { listSessions, touchSessionHeartbeat } from "@maestro/db";
import { LIVE_SESSION_STATUSES, type Session, isEmbeddedRunnerId } from "@maestro/domain";
import type { Context } from "../../context";
import { inTransaction } from "../unit-of-work";
import { interruptOrphanedSessions } from "./stop-session";

/** serve's own runner dies with serve (and a session nobody claimed has no runner at all). */
function diedWithLastServer(session: Session): boolean {
  return session.runnerId === null || isEmbeddedRunnerId(session.runnerId);
}

export interface Reconciled {
  /** Sessions ended `server_restart` now, with their pids, for the caller to stop what is left of them. */
  orphans: Array<{ sessionId: string; pid: number | null }>;
  /** Sessions of remote runners, left live for one lease from now. */
  awaited: number;
}

/**
 * At start-up: sessions of the last server's embedded runner end `server_restart` at once (that
 * runner is gone). A remote runner may have outlived the server, its agents still working or
 * done with their ends waiting to be delivered: its sessions stay live, and their lease starts
 * again now (the time the server was down is not the runner's silence). The runner's next
 * heartbeat or finish takes them up again; if none comes within the lease, the watchdog ends
 * them `runner_lost`.
 *
 * On PostgreSQL other instances may be running on the same database: a session claimed by an
 * embedded runner may be another live instance's, so nothing is ended here and no agent is
 * stopped. Every claimed session gets its lease from now; a dead instance's runner stays silent
 * and the watchdog (of any instance) ends its sessions `runner_lost`.
 */
export async function reconcileLiveSessions(ctx: Context, now = new Date()): Promise<Reconciled> {
  const shared = ctx.database.engine === "postgres";
  const orphans = shared ? [] : await interruptOrphanedSessions(ctx, diedWithLastServer);
  const awaited = await inTransaction(ctx, async (tx) => {
    const remote = await listSessions(tx, { statuses: [...LIVE_SESSION_STATUSES], limit: 10_000 });
    for (const session of remote) await touchSessionHeartbeat(tx, session.id, now);
    return remote.length;
  });
  return { orphans, awaited };
}
