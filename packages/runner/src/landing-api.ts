import type {
  ClaimLandingInput,
  LandJob,
  LandingIntentInput,
  LandingResultInput,
  ReportDiffInput,
} from "@maestro/domain";
import type { RunnerClient } from "./client";
import type { Claim } from "./launch";

type CallOptions = { signal?: AbortSignal };

/** The server's calls for landing on the runner's machine (a project with a `repositoryUrl`). */
export interface LandingApi {
  /** Held open by the server up to `waitMs` (long poll); null: no land job meanwhile. */
  claimLanding(input: ClaimLandingInput, options?: CallOptions): Promise<LandJob | null>;
  /** The commit about to be pushed to the target: recorded before the push (crash recovery reads it). */
  landingIntent(input: LandingIntentInput, options?: CallOptions): Promise<unknown>;
  landingResult(input: LandingResultInput, options?: CallOptions): Promise<unknown>;
  reportDiff(input: ReportDiffInput, options?: CallOptions): Promise<unknown>;
}

/** The landing calls over the runner's client (HTTP: none of them is on the socket's short path). */
export function landingApiOf(client: RunnerClient): LandingApi {
  const runner = client.runner;
  return {
    claimLanding: (input, options) => runner.claimLanding.mutate(input, options),
    landingIntent: (input, options) => runner.landingIntent.mutate(input, options),
    landingResult: (input, options) => runner.landingResult.mutate(input, options),
    reportDiff: (input, options) => runner.reportDiff.mutate(input, options),
  };
}

/** The project's remote, for a worktree session of a project whose repository is elsewhere; else null. */
export function repositoryUrlOf(claim: Pick<Claim, "landing">): string | null {
  return claim.landing?.repositoryUrl ?? null;
}
