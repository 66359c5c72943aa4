import type { RunnerState } from "./runner-state";
import { reportError } from "./runner-state";
import type { SuperviseDeps } from "./held-session";
import { superviseSession } from "./supervise";

/** How long the server holds an idle runner's claim open before answering "nothing yet". */
export const CLAIM_WAIT_MS = 25_000;

/**
 * Claims for as long as the runner runs: each claim is held open by the server (long poll)
 * and answered the moment a session is queued, so no event → request round trip stands
 * between "queued" and "claimed". An answer with nothing well before the wait ran out (the
 * server let go) ends the loop; the poll timer starts it again.
 */
async function claimLoop(state: RunnerState, supervise: SuperviseDeps): Promise<void> {
  const { client, runnerId, held } = state;
  while (!state.stopped) {
    const asked = Date.now();
    const claim = await client.runner.claim.mutate(
      { runnerId, waitMs: CLAIM_WAIT_MS },
      { signal: state.claimAbort.signal },
    );
    state.lastError = "";
    if (!claim) {
      if (Date.now() - asked < CLAIM_WAIT_MS / 2) return;
      continue;
    }
    const session = superviseSession(claim, supervise);
    held.set(claim.session.id, session);
    void session.done.finally(() => held.delete(claim.session.id));
  }
}

/** Single-flight: one claim loop at a time; a wake-up while it runs changes nothing. */
export function claimAll(state: RunnerState): void {
  if (state.stopped || !state.deps || state.claiming) return;
  state.claiming = claimLoop(state, state.deps)
    // The claim a stopping runner abandons is not an error worth a line.
    .catch((error: unknown) => (state.stopped ? undefined : reportError(state, error)))
    .finally(() => (state.claiming = undefined));
}
