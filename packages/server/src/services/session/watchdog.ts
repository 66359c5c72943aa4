import { findProjectById, findTaskById, listSessions } from "@maestro/db";
import { LIVE_SESSION_STATUSES, type Session, type Task } from "@maestro/domain";
import type { Context } from "../../context";
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
    const heartbeat = Date.parse(session.lastHeartbeatAt ?? session.startedAt ?? session.createdAt);
    if (now - heartbeat > leaseMs) {
      await inTransaction(
        ctx,
        async (tx, record) =>
          await settleSession(tx, record, session, {
            exitCode: null,
            error: `its runner stopped responding (no heartbeat for ${Math.round(leaseMs / 1000)} s)`,
            endReason: "runner_lost",
          }),
      );
      continue;
    }
    if (!session.startedAt || session.stopRequested) continue;
    const task = await findTaskById(ctx.database.db, session.taskIds[0]!);
    if (task?.timeoutSec && now - Date.parse(session.startedAt) > task.timeoutSec * 1000) {
      await inTransaction(ctx, async (tx, record) => {
        const marked = await changeSession(tx, record, session, { stopRequested: true, stopReason: "timeout" });
        await stopChildren(tx, record, marked, settleSession);
      });
      continue;
    }
    // An agent waiting on a person's answer is quiet on purpose.
    if (session.status === "running") sweepStall(ctx, session, task, now);
  }
}

/** Flags or stops a running session by how long its agent has been silent. */
async function sweepStall(ctx: Context, session: Session, task: Task | undefined, now: number): Promise<void> {
  const project = await findProjectById(ctx.database.db, session.projectId);
  const stallSec = task?.stallSec ?? project?.settings.stallSec;
  if (!stallSec) return;
  const patch = checkStall(session, stallSec, now);
  if (!patch) return;
  await inTransaction(ctx, async (tx, record) => {
    const changed = await changeSession(tx, record, session, patch);
    if (patch.stopRequested) await stopChildren(tx, record, changed, settleSession);
  });
}

/** Runs sweepSessions every `intervalMs` until the returned function is called. */
export function startWatchdog(
  ctx: Context,
  options: WatchdogOptions & { intervalMs: number; log: (line: string) => void },
): () => void {
  const timer = setInterval(async () => {
    try {
      await sweepSessions(ctx, options);
    } catch (error) {
      options.log(`session watchdog: ${String(error)}`);
    }
  }, options.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
