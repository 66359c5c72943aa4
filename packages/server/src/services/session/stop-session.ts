import { type Db, listSessions } from "@maestro/db";
import {
  DomainError,
  type EndReason,
  type Session,
  type SessionRefInput,
  type SessionStopReason,
  LIVE_SESSION_STATUSES,
  canStopSession,
  endReasonOfExit,
  isSessionLive,
} from "@maestro/domain";
import type { Context } from "../../context";
import { settleSession } from "../runner/settle-session";
import { type RecordEvent, type VerbArgs, inTransaction } from "../unit-of-work";
import { assertMayStopSession, requireSession } from "./session-access";
import { changeSession } from "./session-writes";
import { stopChildren } from "./stop-children";

/**
 * Stops a session: a queued one is cancelled at once; a live one is marked, and its runner
 * (woken by the event) stops the process group and then settles it as cancelled.
 */
export async function stopSession({ ctx, input }: VerbArgs<SessionRefInput>): Promise<Session> {
  return await inTransaction(ctx, async (tx, record) => {
    const session = await requireSession(tx, input.id);
    assertMayStopSession(ctx, session);
    if (!canStopSession(session.status)) {
      throw new DomainError("INVALID_TRANSITION", `session ${session.id} has already ended (${session.status})`);
    }
    return await requestStop(tx, record, session, {
      stopReason: "stopped",
      error: "stopped before it started",
      stoppedBy: ctx.actor,
    });
  });
}

/**
 * Asks a session to stop for `stopReason`: one with no process to stop (queued, or waiting for a
 * usage limit) ends now with `error`; a live one is marked, and its runner stops it. `stoppedBy`
 * names who asked, when a person or an agent did.
 */
export async function requestStop(
  tx: Db,
  record: RecordEvent,
  listed: Session,
  { stopReason, error, stoppedBy }: { stopReason: SessionStopReason; error: string; stoppedBy?: string },
): Promise<Session> {
  // A caller's list can be stale: stopping a parent earlier in the transaction stops its children.
  const session = await requireSession(tx, listed.id);
  if (!canStopSession(session.status)) return session;
  const stop = { stopRequested: true, stopReason, ...(stoppedBy ? { stoppedBy } : {}) } as const;
  if (!isSessionLive(session.status)) {
    await changeSession(tx, record, session, stop);
    return await settleSession(tx, record, await requireSession(tx, session.id), {
      exitCode: session.exitCode,
      error: session.error ?? error,
      endReason: earlyEndReason(session, stopReason),
    });
  }
  if (session.stopRequested) return session;
  const marked = await changeSession(tx, record, session, stop);
  await stopChildren(tx, record, marked, settleSession);
  return marked;
}

/** A person cancelling a wait for a usage limit ends it for that limit (they are named); else the stop's reason. */
function earlyEndReason(session: Session, stopReason: SessionStopReason): EndReason {
  if (session.status === "waiting" && stopReason === "stopped") return "usage_limit";
  return endReasonOfExit({ stopReason, exitCode: session.exitCode });
}

/**
 * At start-up, live sessions whose runner is gone (`isOrphaned`; by default all of them) end
 * `server_restart` (interrupted, resumable) and never stay shown as running.
 * Returns their pids so the caller can make sure no orphaned agent keeps running.
 */
export async function interruptOrphanedSessions(
  ctx: Context,
  isOrphaned: (session: Session) => boolean = () => true,
): Promise<Array<{ sessionId: string; pid: number | null }>> {
  return await inTransaction(ctx, async (tx, record) => {
    const live = (await listSessions(tx, { statuses: [...LIVE_SESSION_STATUSES], limit: 10_000 })).filter(isOrphaned);
    for (const session of live) {
      await settleSession(tx, record, session, {
        exitCode: null,
        error: "the server stopped while this session ran; resume it to continue",
        endReason: "server_restart",
      });
    }
    return live.map((session) => ({ sessionId: session.id, pid: session.pid }));
  });
}
