import { CreateTokenInput, RevokeTokenInput } from "@maestro/domain";
import { createToken } from "../services/token/create-token";
import { listTokens } from "../services/token/list-tokens";
import { revokeToken } from "../services/token/revoke-token";
import { publicProcedure, router } from "../trpc";

export const tokenRouter = router({
  list: publicProcedure.query(({ ctx }) => listTokens({ ctx })),
  create: publicProcedure.input(CreateTokenInput).mutation(async ({ ctx, input }) => await createToken({ ctx, input })),
  revoke: publicProcedure.input(RevokeTokenInput).mutation(async ({ ctx, input }) => await revokeToken({ ctx, input })),
});
