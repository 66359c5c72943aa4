import {
  CheckFinishedInput,
  CheckStartedInput,
  ClaimInput,
  FinishInput,
  HeartbeatInput,
  LogInput,
  ReleaseInput,
  StartedInput,
} from "@maestro/domain";
import { checkFinished } from "../services/runner/check-finished";
import { checkStarted } from "../services/runner/check-started";
import { appendLog } from "../services/runner/append-log";
import { claimOrWait } from "../services/runner/claim-or-wait";
import { finishSession } from "../services/runner/finish-session";
import { heartbeat } from "../services/runner/heartbeat";
import { markStarted } from "../services/runner/mark-started";
import { releaseClaims } from "../services/runner/release-claims";
import { publicProcedure, router } from "../trpc";

/** What runners (embedded or remote) call; agents may not. */
export const runnerRouter = router({
  /** The oldest queued session, or null; with `waitMs`, held open until one is queued (long poll). */
  claim: publicProcedure.input(ClaimInput).mutation(({ ctx, input }) => claimOrWait({ ctx, input })),
  /** A stopping runner's open claims are answered with nothing. */
  release: publicProcedure.input(ReleaseInput).mutation(({ ctx, input }) => releaseClaims({ ctx, input })),
  started: publicProcedure.input(StartedInput).mutation(({ ctx, input }) => markStarted({ ctx, input })),
  log: publicProcedure.input(LogInput).mutation(({ ctx, input }) => appendLog({ ctx, input })),
  heartbeat: publicProcedure.input(HeartbeatInput).mutation(({ ctx, input }) => heartbeat({ ctx, input })),
  /** One of the project's checks starts (after the agent succeeded), then ends. */
  checkStarted: publicProcedure.input(CheckStartedInput).mutation(({ ctx, input }) => checkStarted({ ctx, input })),
  checkFinished: publicProcedure.input(CheckFinishedInput).mutation(({ ctx, input }) => checkFinished({ ctx, input })),
  finish: publicProcedure.input(FinishInput).mutation(({ ctx, input }) => finishSession({ ctx, input })),
});
