import { findTaskById, listSessions } from "@maestro/db";
import { LIVE_SESSION_STATUSES } from "@maestro/domain";
import type { Context } from "../../context";
import { settleSession } from "../runner/settle-session";
import { inTransaction } from "../unit-of-work";
import { changeSession } from "./session-writes";

export interface WatchdogOptions {
  /** A live session whose runner has not heartbeated for this long is interrupted. */
  leaseMs: number;
}

/**
 * One sweep: sessions whose runner went silent become `interrupted` (never shown as running),
 * and sessions past their task's time limit are asked to stop (they then end `timed_out`).
 */
export function sweepSessions(ctx: Context, { leaseMs }: WatchdogOptions, now = Date.now()): void {
  const live = listSessions(ctx.database.db, { statuses: [...LIVE_SESSION_STATUSES], limit: 10_000 });
  for (const session of live) {
    const heartbeat = Date.parse(session.lastHeartbeatAt ?? session.startedAt ?? session.createdAt);
    if (now - heartbeat > leaseMs) {
      inTransaction(ctx, (tx, record) =>
        settleSession(tx, record, session, {
          exitCode: null,
          error: `its runner stopped responding (no heartbeat for ${Math.round(leaseMs / 1000)} s)`,
          status: "interrupted",
        }),
      );
      continue;
    }
    const task = session.startedAt ? findTaskById(ctx.database.db, session.taskIds[0]!) : undefined;
    if (task?.timeoutSec && now - Date.parse(session.startedAt!) > task.timeoutSec * 1000) {
      inTransaction(ctx, (tx, record) =>
        changeSession(tx, record, session, { stopRequested: true, stopReason: "timeout" }),
      );
    }
  }
}

/** Runs sweepSessions every `intervalMs` until the returned function is called. */
export function startWatchdog(
  ctx: Context,
  options: WatchdogOptions & { intervalMs: number; log: (line: string) => void },
): () => void {
  const timer = setInterval(() => {
    try {
      sweepSessions(ctx, options);
    } catch (error) {
      options.log(`session watchdog: ${String(error)}`);
    }
  }, options.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
