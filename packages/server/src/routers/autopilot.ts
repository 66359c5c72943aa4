import { AutopilotRefInput, AutopilotStatusInput, StartAutopilotInput } from "@maestro/domain";
import { graphFinished } from "../services/autopilot/graph-finished";
import { pauseAutopilot } from "../services/autopilot/pause-autopilot";
import { autopilotStatus } from "../services/autopilot/read-autopilot";
import { startAutopilot } from "../services/autopilot/start-autopilot";
import { publicProcedure, router } from "../trpc";

/** A project's scheduler: the dependency graph drives execution within the limits. */
export const autopilotRouter = router({
  /** State, limits in use, the queue's head, reason counts, and why each task asked about is not running. */
  status: publicProcedure
    .input(AutopilotStatusInput)
    .query(async ({ ctx, input }) => await autopilotStatus({ ctx, input })),
  /** Autopilot runs the project and no task is left open: cheap, asked for each closing task. */
  graphFinished: publicProcedure
    .input(AutopilotRefInput)
    .query(async ({ ctx, input }) => await graphFinished({ ctx, input })),
  start: publicProcedure
    .input(StartAutopilotInput)
    .mutation(async ({ ctx, input }) => await startAutopilot({ ctx, input })),
  /** Starts nothing new; running sessions run on. */
  pause: publicProcedure
    .input(AutopilotRefInput)
    .mutation(async ({ ctx, input }) => await pauseAutopilot({ ctx, input })),
});
