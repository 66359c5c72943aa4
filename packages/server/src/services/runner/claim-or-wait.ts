import type { ClaimInput } from "@maestro/domain";
import type { VerbArgs } from "../unit-of-work";
import { type Claim, claimNext } from "./claim-session";

/** Claims a queued session now, or (with `waitMs`) waits up to that long for one to be queued. */
export async function claimOrWait({ ctx, input }: VerbArgs<ClaimInput>): Promise<Claim | null> {
  const claim = await claimNext(ctx, input.runnerId);
  if (claim || !input.waitMs) return claim;
  return await ctx.dispatcher.sessions.wait({ ctx, runnerId: input.runnerId }, input.waitMs);
}
