import { listSessions, touchSessionHeartbeat } from "@maestro/db";
import { hostname } from "node:os";
import { EMBEDDED_RUNNER_ID_PREFIX, LIVE_SESSION_STATUSES, type Session, isEmbeddedRunnerId } from "@maestro/domain";
import type { Context } from "../../context";
import { inTransaction } from "../unit-of-work";
import { interruptOrphanedSessions } from "./stop-session";

/** serve's own runner dies with serve (and a session nobody claimed has no runner at all). */
function diedWithLastServer(session: Session): boolean {
  return session.runnerId === null || isEmbeddedRunnerId(session.runnerId);
}

/**
 * Several instances share a PostgreSQL database: another instance's embedded runner is alive and
 * its sessions are none of this one's business. Only an embedded runner of this machine whose
 * process is gone died with its server; one of another machine is awaited one lease, like a
 * remote runner (the watchdog ends its sessions `runner_lost` if nothing comes).
 */
function diedWithItsInstance(session: Session): boolean {
  if (session.runnerId === null || !isEmbeddedRunnerId(session.runnerId)) return false;
  const [host, pid] = session.runnerId.slice(EMBEDDED_RUNNER_ID_PREFIX.length).split(":");
  if (host !== hostname() || !/^\d+$/.test(pid ?? "")) return false;
  return !isProcessAlive(Number(pid));
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export interface Reconciled {
  /** Sessions ended `server_restart` now, with their pids, for the caller to stop what is left of them. */
  orphans: Array<{ sessionId: string; pid: number | null }>;
  /** Sessions of remote runners, left live for one lease from now. */
  awaited: number;
}

/**
 * At start-up: sessions of the last server's embedded runner end `server_restart` at once (that
 * runner is gone; on PostgreSQL, where other instances may be running, only when its process is). A remote runner may have outlived the server, its agents still working or
 * done with their ends waiting to be delivered: its sessions stay live, and their lease starts
 * again now (the time the server was down is not the runner's silence). The runner's next
 * heartbeat or finish takes them up again; if none comes within the lease, the watchdog ends
 * them `runner_lost`.
 */
export async function reconcileLiveSessions(ctx: Context, now = new Date()): Promise<Reconciled> {
  const died = ctx.database.engine === "sqlite" ? diedWithLastServer : diedWithItsInstance;
  const orphans = await interruptOrphanedSessions(ctx, died);
  const awaited = await inTransaction(ctx, async (tx) => {
    const remote = await listSessions(tx, { statuses: [...LIVE_SESSION_STATUSES], limit: 10_000 });
    for (const session of remote) await touchSessionHeartbeat(tx, session.id, now);
    return remote.length;
  });
  return { orphans, awaited };
}
