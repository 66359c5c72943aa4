import { ListWorktreesInput, PruneWorktreesInput } from "@maestro/domain";
import { listWorktrees, pruneWorktrees } from "../services/landing/worktrees";
import { publicProcedure, router } from "../trpc";

export const worktreeRouter = router({
  list: publicProcedure.input(ListWorktreesInput).query(({ ctx, input }) => listWorktrees({ ctx, input })),
  prune: publicProcedure.input(PruneWorktreesInput).mutation(({ ctx, input }) => pruneWorktrees({ ctx, input })),
});
