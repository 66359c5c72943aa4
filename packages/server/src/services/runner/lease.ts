import { type Db, type SessionLease, findSessionLease } from "@maestro/db";
import { DomainError, type LeaseRef, isSessionLive, notFound } from "@maestro/domain";

/** Whether a claim under `lease` still holds the session (it is live, and no newer claim took it). */
export function isHeldBy(held: SessionLease, lease: number): boolean {
  return held.lease === lease && isSessionLive(held.status);
}

/** The lease is the fencing token: calls from an older claim of the same session are refused. */
export async function requireLease(tx: Db, { sessionId, lease }: LeaseRef): Promise<SessionLease> {
  const held = await findSessionLease(tx, sessionId);
  if (!held) throw notFound("session", sessionId);
  if (!isHeldBy(held, lease)) {
    throw new DomainError(
      "VERSION_CONFLICT",
      `session ${sessionId} is not held by this lease (lease ${lease}, status ${held.status})`,
    );
  }
  return held;
}
