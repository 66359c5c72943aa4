import { randomBytes, randomUUID } from "node:crypto";
import { findLiveTokenByName, insertToken } from "@maestro/db";
import { type CreateTokenInput, type CreatedToken, DomainError, PERSON_TOKEN_PREFIX } from "@maestro/domain";
import { hashToken } from "../../context";
import type { VerbArgs } from "../unit-of-work";

/**
 * A new named token. The answer is the only place its secret ever appears: the table keeps its
 * SHA-256, and no event, log line or list shows it.
 */
export async function createToken({ ctx, input }: VerbArgs<CreateTokenInput>): Promise<CreatedToken> {
  const secret = `${PERSON_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  const info = await ctx.database.transaction(async (tx) => {
    const taken = await findLiveTokenByName(tx, input.name);
    if (taken) {
      throw new DomainError(
        "ALREADY_EXISTS",
        `name: a token named ${taken.name} already exists (revoke it first to give the name again)`,
        { field: "name" },
      );
    }
    return await insertToken(tx, {
      id: randomUUID(),
      name: input.name,
      role: input.role,
      secretHash: hashToken(secret),
    });
  });
  return { ...info, token: secret };
}
