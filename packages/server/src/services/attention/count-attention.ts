import { countAttention as countInDatabase } from "@maestro/db";
import type { AttentionCounts } from "@maestro/domain";
import type { VerbArgs } from "../unit-of-work";

/** Sessions needing input, tasks waiting for review and spec phases waiting for approval, in every project. */
export async function countAttention({ ctx }: Omit<VerbArgs<unknown>, "input">): Promise<AttentionCounts> {
  return await countInDatabase(ctx.database.db);
}
