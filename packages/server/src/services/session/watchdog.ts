import { hostname } from "node:os";
import { type Db, findProjectById, findSessionById, findTaskById, listSessions } from "@maestro/db";
import {
  EMBEDDED_RUNNER_ID_PREFIX,
  LIVE_SESSION_STATUSES,
  type Session,
  type Task,
  isEmbeddedRunnerId,
  isSessionLive,
} from "@maestro/domain";
import type { Context } from "../../context";
import { killOrphanedAgents } from "../../orphans";
import { settleSession } from "../runner/settle-session";
import { inTransaction } from "../unit-of-work";
import { checkStall } from "./check-stall";
import { changeSession } from "./session-writes";
import { stopChildren } from "./stop-children";

export interface WatchdogOptions {
  /** A live session whose runner has not heartbeated for this long is interrupted. */
  leaseMs: number;
}

/**
 * One sweep: sessions whose runner went silent become `interrupted` (never shown as running),
 * sessions past their task's time limit are asked to stop (they then end `timed_out`), and
 * sessions whose agent printed nothing for a while are flagged stalled, then stopped.
 */
export async function sweepSessions(ctx: Context, { leaseMs }: WatchdogOptions, now = Date.now()): Promise<void> {
  const live = await listSessions(ctx.database.db, { statuses: [...LIVE_SESSION_STATUSES], limit: 10_000 });
  for (const session of live) {
    if (isSilent(session, leaseMs, now)) {
      const lost = await inTransaction(ctx, async (tx, record) => {
        // Read again in the transaction: a heartbeat or a finish may have come since the list.
        const current = await liveSession(tx, session.id);
        if (!current || !isSilent(current, leaseMs, now)) return false;
        await settleSession(tx, record, current, {
          exitCode: null,
          error: `its runner stopped responding (no heartbeat for ${Math.round(leaseMs / 1000)} s)`,
          endReason: "runner_lost",
        });
        return true;
      });
      if (lost && ctx.database.engine === "postgres" && isEmbeddedRunnerOfThisHost(session.runnerId)) {
        killOrphanedAgents([{ sessionId: session.id }]);
      }
      continue;
    }
    if (!session.startedAt || session.stopRequested) continue;
    const task = await findTaskById(ctx.database.db, session.taskIds[0]!);
    if (task?.timeoutSec && now - Date.parse(session.startedAt) > task.timeoutSec * 1000) {
      await inTransaction(ctx, async (tx, record) => {
        const current = await liveSession(tx, session.id);
        if (!current || current.stopRequested) return;
        const marked = await changeSession(tx, record, current, { stopRequested: true, stopReason: "timeout" });
        await stopChildren(tx, record, marked, settleSession);
      });
      continue;
    }
    // An agent waiting on a person's answer is quiet on purpose.
    if (session.status === "running") await sweepStall(ctx, session, task, now);
  }
}

/**
 * `serve:<host>:<pid>` of this machine: on PostgreSQL, another instance's embedded runner here,
 * silent for a lease because it died with its instance (kill -9). Its agents stay behind, and an
 * agent that ignores a broken output pipe would work on beside the task's next session: they are
 * stopped once the session ends `runner_lost` (by MAESTRO_SESSION_ID, as at a restart).
 */
function isEmbeddedRunnerOfThisHost(runnerId: string | null): boolean {
  if (runnerId === null || !isEmbeddedRunnerId(runnerId)) return false;
  const name = runnerId.slice(EMBEDDED_RUNNER_ID_PREFIX.length);
  return name.slice(0, name.lastIndexOf(":")) === hostname();
}

/** A live session whose runner has not heartbeated within the lease. */
function isSilent(session: Session, leaseMs: number, now: number): boolean {
  return now - Date.parse(session.lastHeartbeatAt ?? session.startedAt ?? session.createdAt) > leaseMs;
}

/** The session as the transaction sees it, while it is still live. */
async function liveSession(tx: Db, id: string): Promise<Session | undefined> {
  const session = await findSessionById(tx, id);
  return session && isSessionLive(session.status) ? session : undefined;
}

/** Flags or stops a running session by how long its agent has been silent. */
async function sweepStall(ctx: Context, session: Session, task: Task | undefined, now: number): Promise<void> {
  const project = await findProjectById(ctx.database.db, session.projectId);
  const stallSec = task?.stallSec ?? project?.settings.stallSec;
  if (!stallSec) return;
  const patch = checkStall(session, stallSec, now);
  if (!patch) return;
  await inTransaction(ctx, async (tx, record) => {
    // Output or a stop may have come since the sweep read it: the stall is judged again.
    const current = await liveSession(tx, session.id);
    const patchNow = current?.status === "running" && !current.stopRequested && checkStall(current, stallSec, now);
    if (!current || !patchNow) return;
    const changed = await changeSession(tx, record, current, patchNow);
    if (patchNow.stopRequested) await stopChildren(tx, record, changed, settleSession);
  });
}

/**
 * Runs sweepSessions every `intervalMs` until the returned function is called; that resolves
 * once a sweep under way has ended (so the store can be closed after it).
 */
export function startWatchdog(
  ctx: Context,
  options: WatchdogOptions & { intervalMs: number; log: (line: string) => void },
): () => Promise<void> {
  // One sweep at a time: a tick that comes while the last sweep still runs is skipped.
  let sweeping: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (sweeping) return;
    sweeping = sweepSessions(ctx, options)
      .catch((error: unknown) => options.log(`session watchdog: ${String(error)}`))
      .finally(() => {
        sweeping = null;
      });
  }, options.intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await sweeping;
  };
}
