import type { Session, SessionStatus } from "./session";
import type { EndReason, SessionStopReason } from "./session-stop";

/**
 * What an ended session does to its task, by why it ended:
 * - `attempt`: it used an attempt; retried after a backoff while attempts remain, else the task fails;
 * - `free`: not the task's fault (its runner or the server went away); the task goes back to todo
 *   without using an attempt, and its next session continues this one;
 * - `never`: retrying would fail the same way (it could not start); the task fails at once;
 * - `none`: not a failure: the task moves on (completed), or goes back to todo as a person or a
 *   budget left it (stopped, budget) — no retry is scheduled and no attempt is used; under autopilot
 *   a `stopped` task is also held until a person releases it (see settle-session.ts).
 * A usage limit makes a session wait, not end; it ends `usage_limit` only when a person cancels
 * that wait, so it is theirs to restart, like a stop.
 */
export type RetryRule = "attempt" | "free" | "never" | "none";

export const END_REASON_RETRY: Readonly<Record<EndReason, RetryRule>> = {
  completed: "none",
  failed: "attempt",
  timed_out: "attempt",
  stalled: "attempt",
  usage_limit: "none",
  checks_failed: "attempt",
  stopped: "none",
  budget: "none",
  runner_lost: "free",
  server_restart: "free",
  spawn_failed: "never",
};

/**
 * Free ends a task gets in a row: after this many consecutive `free` ends (its runner lost, the
 * server restarted), the next one uses an attempt, so a task that kills its runner or the server
 * every time is not retried forever.
 */
export const MAX_FREE_ENDS_IN_A_ROW = 3;

const COUNTED_NOTE = "counted as a failed attempt";

/** How many of a task's latest ends (newest first) were free in a row. */
export function freeEndsInARow(endReasons: ReadonlyArray<EndReason | null>): number {
  const firstOther = endReasons.findIndex((reason) => reason === null || END_REASON_RETRY[reason] !== "free");
  return firstOther === -1 ? endReasons.length : firstOther;
}

/** "its runner was lost 4 times in a row; counted as a failed attempt", for free ends newest first (this one first). */
export function freeEndsCountedText(endReasons: readonly EndReason[]): string {
  const kinds = new Set(endReasons);
  const what =
    kinds.size > 1
      ? "its runner was lost or the server restarted under it"
      : kinds.has("server_restart")
        ? "the server restarted under it"
        : "its runner was lost";
  return `${what} ${endReasons.length} times in a row; ${COUNTED_NOTE}`;
}

/** A free end that the cap counted says so in its error (see freeEndsCountedText). */
function freeEndText(session: EndedSessionFacts, usual: string): string {
  return session.error?.endsWith(COUNTED_NOTE) ? session.error : usual;
}

/** The status an ended session shows for each reason. */
export const END_REASON_STATUS: Readonly<Record<EndReason, SessionStatus>> = {
  completed: "succeeded",
  failed: "failed",
  timed_out: "timed_out",
  stalled: "timed_out",
  usage_limit: "cancelled",
  checks_failed: "failed",
  stopped: "cancelled",
  budget: "cancelled",
  runner_lost: "interrupted",
  server_restart: "interrupted",
  spawn_failed: "failed",
};

/** Why a session whose process exited ended: the stop asked for, if any, else its exit code. */
export function endReasonOfExit(exit: { stopReason: SessionStopReason | null; exitCode: number | null }): EndReason {
  switch (exit.stopReason) {
    case "timeout":
      return "timed_out";
    case "stalled":
    case "stopped":
    case "budget":
    case "usage_limit":
      return exit.stopReason;
    case null:
      return exit.exitCode === 0 ? "completed" : "failed";
  }
}

/** "40 s", "15 min", "2 h 5 min". */
function spanText(ms: number): string {
  if (ms < 60_000) return `${Math.max(0, Math.round(ms / 1000))} s`;
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ""}`;
}

export type EndedSessionFacts = Pick<
  Session,
  "endReason" | "exitCode" | "error" | "stoppedBy" | "startedAt" | "endedAt" | "lastOutputAt"
>;

/** How long its agent had printed nothing when it was stopped. */
function silenceText(session: EndedSessionFacts): string {
  const from = session.lastOutputAt ?? session.startedAt;
  if (!from || !session.endedAt) return "for its stall limit";
  return `for ${spanText(Date.parse(session.endedAt) - Date.parse(from))}`;
}

function runText(session: EndedSessionFacts): string {
  if (!session.startedAt || !session.endedAt) return "";
  return ` after ${spanText(Date.parse(session.endedAt) - Date.parse(session.startedAt))}`;
}

/** Who stopped a session: a person or an agent by name, or the parent session it was delegated by (`session:<id8>`). */
function stoppedText(stoppedBy: string | null): string {
  if (stoppedBy?.startsWith("session:")) return `stopped with its parent session ${stoppedBy.slice("session:".length)}`;
  return `stopped by ${stoppedBy ?? "a person"}`;
}

/** Why a session ended, in words a person can act on ("failed with exit code 2"); null while it has not. */
export function describeEndReason(session: EndedSessionFacts): string | null {
  switch (session.endReason) {
    case null:
      return null;
    case "completed":
      return "completed";
    case "failed":
      return session.exitCode !== null
        ? `failed with exit code ${session.exitCode}`
        : `failed: ${session.error ?? "no exit code"}`;
    case "timed_out":
      return `timed out: ran past its time limit${runText(session)}`;
    case "stalled":
      return `stalled: printed nothing ${silenceText(session)}`;
    case "usage_limit": {
      // One held in the queue by its account's pause never ran: it hit nothing itself.
      const limit = session.startedAt ? "hit its agent's usage limit" : "waited for its account's usage limit to reset";
      return `${limit}${session.stoppedBy ? `; ${session.stoppedBy} cancelled it while it waited` : ""}`;
    }
    case "stopped":
      return stoppedText(session.stoppedBy);
    case "budget":
      return "stopped: its budget was reached";
    case "runner_lost":
      return freeEndText(session, "its runner went away (stopped, or stopped responding)");
    case "server_restart":
      return freeEndText(session, "the server restarted while it ran");
    case "spawn_failed":
      return `could not start: ${session.error ?? "its agent could not be launched"}`;
    case "checks_failed":
      return `checks failed${session.error ? `: ${session.error}` : ""}`;
  }
}
