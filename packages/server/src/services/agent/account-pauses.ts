import { type Db, findAgent, listAccountPauses, listAgents, listSessions, pauseAccount } from "@maestro/db";
import { type AccountPause, type Session, accountOf, pausesByProfile } from "@maestro/domain";
import { changeSession } from "../session/session-writes";
import type { RecordEvent } from "../unit-of-work";

/**
 * Each profile's pause in force at `now`: its account's. Pauses are stored by account and matched
 * to profiles when checked (see pausesByProfile), so every start, claim and resume agrees.
 */
export async function listProfilePauses(db: Db, now = new Date()): Promise<Map<string, AccountPause>> {
  return pausesByProfile(await listAgents(db), await listAccountPauses(db, now));
}

/** The pause in force on a profile's account, if any. */
export async function findProfilePause(db: Db, agent: string, now = new Date()): Promise<AccountPause | undefined> {
  const profile = await findAgent(db, agent);
  if (!profile) return undefined;
  return pausesByProfile([profile], await listAccountPauses(db, now)).get(agent);
}

/** Why a session of a paused account that did not hit the limit itself waits, and until when. */
export function accountWaitText(pause: AccountPause): string {
  return `${pause.reason}; resumes at ${pause.until}`;
}

/** A session of a paused account waits instead of starting; the scheduler queues it again when the pause ends. */
export async function holdSession(
  tx: Db,
  record: RecordEvent,
  session: Session,
  pause: AccountPause,
): Promise<Session> {
  return await changeSession(tx, record, session, { status: "waiting", error: accountWaitText(pause) });
}

/**
 * Sessions a paused account must not start: queued ones wait at once; ones a runner has claimed
 * but whose agent has not started yet (a worktree set-up can take minutes) are asked to stop for
 * the limit, so they wait too instead of starting an agent on the exhausted account.
 */
async function holdUnstarted(tx: Db, record: RecordEvent, paused: Map<string, AccountPause>): Promise<void> {
  for (const queued of await listSessions(tx, { statuses: ["queued"], limit: 100_000 })) {
    const pauseOfQueued = paused.get(queued.agent);
    if (pauseOfQueued) await holdSession(tx, record, queued, pauseOfQueued);
  }
  for (const starting of await listSessions(tx, { statuses: ["starting"], limit: 100_000 })) {
    if (starting.stopRequested || !paused.has(starting.agent)) continue;
    await changeSession(tx, record, starting, { stopRequested: true, stopReason: "usage_limit" });
  }
}

/**
 * A usage limit hit by `session` pauses every profile of its profile's account until `until`, and
 * the account's sessions not started yet wait with it: no new agent of the account starts. (A
 * profile removed while its session ran has no account left to pause; its session ends when claimed again.)
 */
export async function pauseAccountOf(
  tx: Db,
  record: RecordEvent,
  hit: { session: Session; until: Date; note: string },
): Promise<AccountPause | null> {
  const { session, until, note } = hit;
  const profile = await findAgent(tx, session.agent);
  if (!profile) return null;
  const account = accountOf(profile);
  const reason = `usage limit on account ${account} (${session.agent}) hit by session ${session.id}${note}`;
  const pause = await pauseAccount(tx, { account, until: until.toISOString(), reason });
  await holdUnstarted(tx, record, await listProfilePauses(tx));
  return pause;
}
