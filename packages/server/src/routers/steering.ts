import { ListSteeringInput, SteeringRefInput, WriteSteeringInput } from "@maestro/domain";
import { listSteering, readSteering } from "../services/steering/read-steering";
import { writeSteering } from "../services/steering/write-steering";
import { publicProcedure, router } from "../trpc";

/** Steering documents: `<rootDir>/.maestro/steering/*.md`, put into every prompt. */
export const steeringRouter = router({
  list: publicProcedure.input(ListSteeringInput).query(async ({ ctx, input }) => await listSteering({ ctx, input })),
  read: publicProcedure.input(SteeringRefInput).query(({ ctx, input }) => readSteering({ ctx, input })),
  write: publicProcedure
    .input(WriteSteeringInput)
    .mutation(async ({ ctx, input }) => await writeSteering({ ctx, input })),
});
