import {
  CheckFinishedInput,
  CheckStartedInput,
  ClaimInput,
  ClaimLandingInput,
  FinishInput,
  HeartbeatInput,
  LandingIntentInput,
  LandingResultInput,
  LogInput,
  ReleaseInput,
  ReportDiffInput,
  StartedInput,
} from "@maestro/domain";
import { checkFinished } from "../services/runner/check-finished";
import { checkStarted } from "../services/runner/check-started";
import { appendLog } from "../services/runner/append-log";
import { claimLanding } from "../services/runner/claim-landing";
import { claimOrWait } from "../services/runner/claim-or-wait";
import { finishSession } from "../services/runner/finish-session";
import { heartbeat } from "../services/runner/heartbeat";
import { recordLandingIntent } from "../services/runner/landing-intent";
import { recordLandingResult } from "../services/runner/landing-result";
import { markStarted } from "../services/runner/mark-started";
import { releaseClaims } from "../services/runner/release-claims";
import { reportDiff } from "../services/runner/report-diff";
import { router, runnerProcedure } from "../trpc";

/** What runners (embedded or remote) call, with the runners' credential or the owner's; agents may not. */
export const runnerRouter = router({
  /** The oldest queued session, or null; with `waitMs`, held open until one is queued (long poll). */
  claim: runnerProcedure.input(ClaimInput).mutation(({ ctx, input }) => claimOrWait({ ctx, input })),
  /** A stopping runner's open claims are answered with nothing. */
  release: runnerProcedure.input(ReleaseInput).mutation(({ ctx, input }) => releaseClaims({ ctx, input })),
  started: runnerProcedure.input(StartedInput).mutation(async ({ ctx, input }) => await markStarted({ ctx, input })),
  log: runnerProcedure.input(LogInput).mutation(async ({ ctx, input }) => await appendLog({ ctx, input })),
  heartbeat: runnerProcedure.input(HeartbeatInput).mutation(({ ctx, input }) => heartbeat({ ctx, input })),
  /** One of the project's checks starts (after the agent succeeded), then ends. */
  checkStarted: runnerProcedure
    .input(CheckStartedInput)
    .mutation(async ({ ctx, input }) => await checkStarted({ ctx, input })),
  checkFinished: runnerProcedure
    .input(CheckFinishedInput)
    .mutation(async ({ ctx, input }) => await checkFinished({ ctx, input })),
  finish: runnerProcedure.input(FinishInput).mutation(async ({ ctx, input }) => await finishSession({ ctx, input })),
  /** The diff of the session's branch, for a project whose repository is elsewhere (before `finish`). */
  reportDiff: runnerProcedure
    .input(ReportDiffInput)
    .mutation(async ({ ctx, input }) => await reportDiff({ ctx, input })),
  /** A land job of a project whose repository is elsewhere, or null; with `waitMs`, a long poll. */
  claimLanding: runnerProcedure.input(ClaimLandingInput).mutation(({ ctx, input }) => claimLanding({ ctx, input })),
  /** The commit a land job's runner is about to push to the target (lease-checked). */
  landingIntent: runnerProcedure
    .input(LandingIntentInput)
    .mutation(async ({ ctx, input }) => await recordLandingIntent({ ctx, input })),
  /** What a land job came to (lease-checked): landed, conflict or waiting. */
  landingResult: runnerProcedure
    .input(LandingResultInput)
    .mutation(async ({ ctx, input }) => await recordLandingResult({ ctx, input })),
});
