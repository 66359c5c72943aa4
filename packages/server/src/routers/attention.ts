import { countAttention } from "../services/attention/count-attention";
import { publicProcedure, router } from "../trpc";

/** What waits for the person, across projects (the dashboard's title count). */
export const attentionRouter = router({
  counts: publicProcedure.query(({ ctx }) => countAttention({ ctx })),
});
