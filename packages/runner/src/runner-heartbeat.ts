import type { MaestroEvent } from "@maestro/domain";
import { claimAll } from "./runner-claims";
import { type RunnerState, reportError } from "./runner-state";
import type { HeldSession } from "./held-session";
import { measureGroupsRssMb } from "./memory";

/**
 * Keeps leases alive (the sessions' and the land job's being landed), reports each session's peak memory and the machine's available memory
 * (sent even with no session held: autopilot admits new agents against it), and kills what the
 * server says must stop (asked to, or no longer ours).
 */
async function heartbeat(state: RunnerState, sessions: HeldSession[]): Promise<void> {
  const leases = sessions.map(({ claim, peakRssMb }) => ({
    sessionId: claim.session.id,
    lease: claim.lease,
    ...(peakRssMb !== undefined ? { peakRssMb } : {}),
  }));
  const availableMemoryMb = state.readAvailableMemoryMb();
  const { stop } = await state.client.runner.heartbeat.mutate({
    runnerId: state.runnerId,
    sessions: leases,
    availableMemoryMb,
    landJobs: state.landingJob ? [state.landingJob] : [],
  });
  for (const sessionId of stop) state.held.get(sessionId)?.stop();
}

/** Measures the process tree of every held session once (one pass over /proc for all of them). */
export function sampleMemory(state: RunnerState): void {
  const measuring = [...state.held.values()].filter((session) => session.pgid !== undefined);
  if (measuring.length === 0) return;
  const measured = measureGroupsRssMb(measuring.map((session) => session.pgid!));
  for (const session of measuring) {
    const mb = measured.get(session.pgid!) ?? 0;
    // Nothing left in the group measures 0: that is no reading, not a peak.
    if (mb > 0) session.noteRss(mb);
  }
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
