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

interface Mutation<I, O> {
  mutate(input: I, options?: CallOptions): Promise<O>;
}

/** The procedures as the server's router will type them (see LandingApi). */
interface LandingProcedures {
  claimLanding: Mutation<ClaimLandingInput, LandJob | null>;
  landingIntent: Mutation<LandingIntentInput, unknown>;
  landingResult: Mutation<LandingResultInput, unknown>;
  reportDiff: Mutation<ReportDiffInput, unknown>;
}

/** The landing calls over the runner's client (HTTP: none of them is on the socket's short path). */
export function landingApiOf(client: RunnerClient): LandingApi {
  // UN-CAST here once the server's runner router has claimLanding, landingIntent, landingResult
  // and reportDiff: `const runner = client.runner;` (the tRPC proxy resolves any path at run time).
  const runner = client.runner as unknown as LandingProcedures;
  return {
    claimLanding: (input, options) => runner.claimLanding.mutate(input, options),
    landingIntent: (input, options) => runner.landingIntent.mutate(input, options),
    landingResult: (input, options) => runner.landingResult.mutate(input, options),
    reportDiff: (input, options) => runner.reportDiff.mutate(input, options),
  };
}

/** The project's remote, for a worktree session of a project whose repository is elsewhere; else null. */
export function repositoryUrlOf(claim: Pick<Claim, "landing">): string | null {
  // UN-CAST here once the server's ClaimLanding has `repositoryUrl`: `claim.landing?.repositoryUrl ?? null`.
  const landing = claim.landing as { repositoryUrl?: string | null } | null;
  return landing?.repositoryUrl ?? null;
}
