import { findLiveTokenByName, findTokenById, revokeToken as markRevoked } from "@maestro/db";
import { DomainError, type RevokeTokenInput, type TokenInfo } from "@maestro/domain";
import type { VerbArgs } from "../unit-of-work";

/**
 * Revokes a token by its name (the live one) or its id: from the next request on it is refused,
 * its dashboard sessions end and its open WebSocket connections are closed. Revoking twice is a no-op.
 */
export async function revokeToken({ ctx, input }: VerbArgs<RevokeTokenInput>): Promise<TokenInfo> {
  const revoked = await ctx.database.transaction(async (tx) => {
    const token =
      input.name !== undefined ? await findLiveTokenByName(tx, input.name) : await findTokenById(tx, input.id ?? "");
    if (!token && input.name !== undefined) {
      throw new DomainError("NOT_FOUND", `name: no live token ${input.name}`, { field: "name" });
    }
    if (!token) throw new DomainError("NOT_FOUND", `id: no token ${input.id}`, { field: "id" });
    return token.revokedAt === null ? ((await markRevoked(tx, token.id)) ?? token) : token;
  });
  ctx.people?.revoked(revoked.id);
  return revoked;
}
