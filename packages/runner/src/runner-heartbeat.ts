import type { MaestroEvent } from "@maestro/domain";
import { claimAll } from "./runner-claims";
import { type RunnerState, reportError } from "./runner-state";
import type { HeldSession } from "./held-session";

/** Keeps leases alive and kills what the server says must stop (asked to, or no longer ours). */
async function heartbeat(state: RunnerState, sessions: HeldSession[]): Promise<void> {
  if (!sessions.length) return;
  const leases = sessions.map(({ claim }) => ({ sessionId: claim.session.id, lease: claim.lease }));
  const { stop } = await state.client.runner.heartbeat.mutate({ runnerId: state.runnerId, sessions: leases });
  for (const sessionId of stop) state.held.get(sessionId)?.stop();
}

/** One heartbeat for every held session, unless the last one is still on its way. */
export function beat(state: RunnerState): void {
  if (state.isBeating) return;
  state.isBeating = true;
  heartbeat(state, [...state.held.values()])
    .catch((error: unknown) => reportError(state, error))
    .finally(() => (state.isBeating = false));
}

/** A queued session wakes the claim loop; a stop request on a held one is checked with the server. */
export function onSessionEvent(state: RunnerState, event: MaestroEvent): void {
  if (event.kind !== "session.created" && event.kind !== "session.updated") return;
  if (event.payload.session.status === "queued") claimAll(state);
  // A stop request is confirmed with the server before anything is killed (a replayed old
  // event must never stop a newer attempt); other updates need no call at all.
  const session =
    event.kind === "session.updated" && event.payload.session.stopRequested
      ? state.held.get(event.entityId)
      : undefined;
  if (session && !session.isStopRequested) heartbeat(state, [session]).catch((error) => reportError(state, error));
}
