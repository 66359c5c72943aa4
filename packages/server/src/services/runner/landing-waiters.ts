import type { LandJob, LandJobMode, MaestroEvent } from "@maestro/domain";
import type { EventBus } from "../../events";
import type { ServerLimits } from "../../limits";
import { claimNextLanding } from "./claim-landing";
import { type ClaimRequest, ClaimWaiters } from "./claim-waiters";

export interface LandingClaimRequest extends ClaimRequest {
  /** The jobs it can do (absent: `land` only). */
  modes?: readonly LandJobMode[];
}

/** Claims also look again this often while runners wait: a claim whose lease ran out is free with no event. */
const RECHECK_MS = 1_000;

/**
 * Runners' `claimLanding` calls held open, as session claims are: woken by a task entering
 * `landing` (a land job queued, on this instance or another: events reach every instance) and
 * every second. A runner that found nothing is passed over for one that can do other modes.
 */
export function createLandingWaiters(
  events: EventBus,
  limits: Pick<ServerLimits, "claimWaitersPerRunner" | "claimWaiters">,
): ClaimWaiters<LandJob, LandingClaimRequest> {
  return new ClaimWaiters(events, {
    limits,
    claim: ({ ctx, runnerId, modes }) => claimNextLanding(ctx, runnerId, modes),
    isWake: isLandingQueued,
    kindOf: ({ modes }) => (modes ?? ["land"]).toSorted().join(","),
    recheckMs: RECHECK_MS,
  });
}

function isLandingQueued(event: MaestroEvent): boolean {
  return (
    event.kind === "task.updated" &&
    event.payload.changed.includes("landing") &&
    event.payload.task.landing.landState === "landing"
  );
}
