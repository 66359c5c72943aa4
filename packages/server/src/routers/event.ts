import { EventSubscriptionInput, ListEventsInput } from "@maestro/domain";
import { listEvents, streamEvents } from "../services/event/stream-events";
import { publicProcedure, router } from "../trpc";

export const eventRouter = router({
  list: publicProcedure.input(ListEventsInput).query(({ ctx, input }) => listEvents({ ctx, input })),
  /** Every change (of one project, or of all), live, resumable with `lastEventId`. */
  onEvent: publicProcedure
    .input(EventSubscriptionInput)
    .subscription(async ({ ctx, input, signal }) => await streamEvents({ ctx, input, signal })),
});
