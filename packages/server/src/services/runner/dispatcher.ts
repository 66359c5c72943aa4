import type { LandJob, MaestroEvent } from "@maestro/domain";
import type { EventBus } from "../../events";
import { DEFAULT_LIMITS, type ServerLimits } from "../../limits";
import { ClaimWaiters } from "./claim-waiters";
import { type Claim, claimNext } from "./claim-session";
import { type LandingClaimRequest, createLandingWaiters } from "./landing-waiters";

/**
 * Idle runners' claims held open (long polling), one set per kind of work: a session queued
 * meanwhile is claimed for the runner that has waited longest, right after the commit that queued
 * it, and is the answer to its claim (the runner no longer hears of it through an event and then
 * asks). One per server (in its context, beside the event bus it listens to).
 */
export class Dispatcher {
  readonly sessions: ClaimWaiters<Claim>;
  /** Runners' land-job claims (a project whose repository is elsewhere), bounded alike. */
  readonly landings: ClaimWaiters<LandJob, LandingClaimRequest>;

  constructor(events: EventBus, limits: Pick<ServerLimits, "claimWaitersPerRunner" | "claimWaiters"> = DEFAULT_LIMITS) {
    this.sessions = new ClaimWaiters(events, {
      limits,
      claim: ({ ctx, runnerId }) => claimNext(ctx, runnerId),
      isWake: isQueued,
    });
    this.landings = createLandingWaiters(events, limits);
  }

  /** Answers this runner's open claims (of sessions and land jobs) with nothing (it is stopping). */
  release(runnerId: string): number {
    return this.sessions.release(runnerId) + this.landings.release(runnerId);
  }
}

function isQueued(event: MaestroEvent): boolean {
  return (
    (event.kind === "session.created" || event.kind === "session.updated") && event.payload.session.status === "queued"
  );
}
