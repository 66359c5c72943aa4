import {
  ListSessionsInput,
  ReportInput,
  SessionCostsInput,
  SessionLogInput,
  SessionRefInput,
  SessionSubscriptionInput,
  StartSessionInput,
} from "@maestro/domain";
import { z } from "zod";
import { streamSessionEvents } from "../services/event/stream-events";
import { followLogs } from "../services/session/follow-logs";
import { getSession, listSessions, projectCosts, readLog, sessionManifest } from "../services/session/read-sessions";
import { report } from "../services/session/report";
import { resumeSession } from "../services/session/resume-session";
import { previewSession, startSession } from "../services/session/start-session";
import { stopSession } from "../services/session/stop-session";
import { agentProcedure, publicProcedure, router, runnerProcedure } from "../trpc";

export const sessionRouter = router({
  list: agentProcedure.input(ListSessionsInput).query(async ({ ctx, input }) => await listSessions({ ctx, input })),
  byId: agentProcedure.input(SessionRefInput).query(({ ctx, input }) => getSession({ ctx, input })),
  /** What it was launched with: agent, argv, cwd, environment names (never values), tasks, skills, prompt. */
  manifest: agentProcedure.input(SessionRefInput).query(({ ctx, input }) => sessionManifest({ ctx, input })),
  start: agentProcedure.input(StartSessionInput).mutation(({ ctx, input }) => startSession({ ctx, input })),
  /** What start would launch (agent, argv, prompt), for the Run dialog's preview. */
  preview: publicProcedure
    .input(StartSessionInput)
    .query(async ({ ctx, input }) => await previewSession({ ctx, input })),
  stop: agentProcedure.input(SessionRefInput).mutation(async ({ ctx, input }) => await stopSession({ ctx, input })),
  resume: publicProcedure
    .input(SessionRefInput)
    .mutation(async ({ ctx, input }) => await resumeSession({ ctx, input })),
  /** Cost and tokens for the project, and a page of them per task. */
  costs: agentProcedure.input(SessionCostsInput).query(({ ctx, input }) => projectCosts({ ctx, input })),
  report: agentProcedure.input(ReportInput).mutation(async ({ ctx, input }) => await report({ ctx, input })),
  log: publicProcedure
    .input(
      z.object({
        id: z.string().min(1),
        afterSeq: z.number().int().min(0).default(0),
        /** At most this many chunks; an answer also ends at ~400K characters (follow from its last seq). */
        limit: z.number().int().min(1).max(5_000).default(1_000),
        /** The last `tail` chunks instead (afterSeq and limit are then unused). */
        tail: z.number().int().min(1).max(5_000).optional(),
        /** With `tail`: only as many of those chunks as hold this many characters, the newest. */
        maxChars: z.number().int().min(1).optional(),
      }),
    )
    .query(async ({ ctx, input }) => await readLog({ ctx, input })),
  /**
   * Sessions created, changed, reporting or acting (of a project, or one session), live and
   * resumable; runners follow it to hear of stop requests.
   */
  onChanged: runnerProcedure
    .input(SessionSubscriptionInput)
    .subscription(({ ctx, input, signal }) => streamSessionEvents({ ctx, input, signal })),
  /** The log, replayed after `afterSeq` then followed, in batches tracked by their last seq. */
  onLog: publicProcedure
    .input(SessionLogInput)
    .subscription(async ({ ctx, input, signal }) => await followLogs({ ctx, input, signal })),
});
