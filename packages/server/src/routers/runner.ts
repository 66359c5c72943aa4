import { z } from "zod";
import { AgentEvent, LogStream } from "@maestro/domain";
import { claimOrWait, dispatcherOf } from "../services/runner/dispatcher";
import { appendLog, finishSession, heartbeat, markStarted } from "../services/runner/runner-calls";
import { publicProcedure, router } from "../trpc";

const Lease = { sessionId: z.string().min(1), lease: z.number().int().min(1) };
/** A runner's name, the same rule for every call it makes. */
const RunnerId = z.string().min(1).max(100);

/** What runners (embedded or remote) call; agents may not. */
export const runnerRouter = router({
  /** The oldest queued session, or null; with `waitMs`, held open until one is queued (long poll). */
  claim: publicProcedure
    .input(z.object({ runnerId: RunnerId, waitMs: z.number().int().min(0).max(60_000).optional() }))
    .mutation(({ ctx, input }) => claimOrWait({ ctx, input })),
  /** A stopping runner's open claims are answered with nothing. */
  release: publicProcedure
    .input(z.object({ runnerId: RunnerId }))
    .mutation(({ ctx, input }) => ({ released: dispatcherOf(ctx).release(input.runnerId) })),
  started: publicProcedure
    .input(
      z.object({
        ...Lease,
        pid: z.number().int(),
        cwd: z.string(),
        worktreePath: z.string().nullable(),
        branch: z.string().nullable(),
        argv: z.array(z.string()).max(1_000).optional(),
        envNames: z.array(z.string().max(200)).max(1_000).optional(),
        spawnedAt: z.number().int().min(0).optional(),
      }),
    )
    .mutation(({ ctx, input }) => markStarted({ ctx, input })),
  log: publicProcedure
    .input(
      z.object({
        ...Lease,
        chunks: z.array(z.object({ stream: LogStream, text: z.string() })).max(10_000),
        events: z.array(AgentEvent).max(10_000).optional(),
      }),
    )
    .mutation(({ ctx, input }) => appendLog({ ctx, input })),
  heartbeat: publicProcedure
    .input(z.object({ runnerId: RunnerId, sessions: z.array(z.object(Lease)).max(1_000) }))
    .mutation(({ ctx, input }) => heartbeat({ ctx, input })),
  finish: publicProcedure
    .input(
      z.object({
        ...Lease,
        exitCode: z.number().int().nullable(),
        signal: z.string().nullable(),
        error: z.string().max(10_000).nullable(),
        interrupted: z.boolean().optional(),
      }),
    )
    .mutation(({ ctx, input }) => finishSession({ ctx, input })),
});
