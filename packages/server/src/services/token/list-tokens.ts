import { listTokens as readTokens } from "@maestro/db";
import type { TokenInfo } from "@maestro/domain";
import type { Context } from "../../context";

/** Every named token, revoked ones included: name, role and times, never a secret or its hash. */
export async function listTokens({ ctx }: { ctx: Context }): Promise<TokenInfo[]> {
  return await readTokens(ctx.database.db);
}
