import { type DbClient, findAgent, listAccountPauses, listAgents, listSessions, pauseAccount } from "@maestro/db";
import { type AccountPause, type Session, accountOf, pausesByProfile } from "@maestro/domain";
import { changeSession } from "../session/session-writes";
import type { RecordEvent } from "../unit-of-work";

/**
 * Each profile's pause in force at `now`: its account's. Pauses are stored by account and matched
 * to profiles when checked (see pausesByProfile), so every start, claim and resume agrees.
 */
export function listProfilePauses(db: DbClient, now = new Date()): Map<string, AccountPause> {
  return pausesByProfile(listAgents(db), listAccountPauses(db, now));
}

/** The pause in force on a profile's account, if any. */
export function findProfilePause(db: DbClient, agent: string, now = new Date()): AccountPause | undefined {
  const profile = findAgent(db, agent);
  if (!profile) return undefined;
  return pausesByProfile([profile], listAccountPauses(db, now)).get(agent);
}

/** Why a session of a paused account that did not hit the limit itself waits, and until when. */
export function accountWaitText(pause: AccountPause): string {
  return `${pause.reason}; resumes at ${pause.until}`;
}

/** A session of a paused account waits instead of starting; the scheduler queues it again when the pause ends. */
export function holdSession(tx: DbClient, record: RecordEvent, session: Session, pause: AccountPause): Session {
  return changeSession(tx, record, session, { status: "waiting", error: accountWaitText(pause) });
}

/**
 * Sessions a paused account must not start: queued ones wait at once; ones a runner has claimed
 * but whose agent has not started yet (a worktree set-up can take minutes) are asked to stop for
 * the limit, so they wait too instead of starting an agent on the exhausted account.
 */
function holdUnstarted(tx: DbClient, record: RecordEvent, paused: Map<string, AccountPause>): void {
  for (const queued of listSessions(tx, { statuses: ["queued"], limit: 100_000 })) {
    const pauseOfQueued = paused.get(queued.agent);
    if (pauseOfQueued) holdSession(tx, record, queued, pauseOfQueued);
  }
  for (const starting of listSessions(tx, { statuses: ["starting"], limit: 100_000 })) {
    if (starting.stopRequested || !paused.has(starting.agent)) continue;
    changeSession(tx, record, starting, { stopRequested: true, stopReason: "usage_limit" });
  }
}

/**
 * A usage limit hit by `session` pauses every profile of its profile's account until `until`, and
 * the account's sessions not started yet wait with it: no new agent of the account starts. (A
 * profile removed while its session ran has no account left to pause; its session ends when claimed again.)
 */
export function pauseAccountOf(
  tx: DbClient,
  record: RecordEvent,
  hit: { session: Session; until: Date; note: string },
): AccountPause | null {
  const { session, until, note } = hit;
  const profile = findAgent(tx, session.agent);
  if (!profile) return null;
  const account = accountOf(profile);
  const reason = `usage limit on account ${account} (${session.agent}) hit by session ${session.id}${note}`;
  const pause = pauseAccount(tx, { account, until: until.toISOString(), reason });
  holdUnstarted(tx, record, listProfilePauses(tx));
  return pause;
}
