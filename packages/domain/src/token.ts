import { z } from "zod";
import { Id, Timestamp } from "./common";
import { Role, TokenName } from "./role";

/** Every named token's secret starts with this, so a leaked one is recognisable (secret scanners, logs). */
export const PERSON_TOKEN_PREFIX = "mst_";

/** Whether a presented credential has the shape of a named token (not whether it is valid). */
export function looksLikePersonToken(secret: string): boolean {
  return secret.startsWith(PERSON_TOKEN_PREFIX);
}

export const CreateTokenInput = z.object({ name: TokenName, role: Role }).strict();
export type CreateTokenInput = z.infer<typeof CreateTokenInput>;

/** Which token to revoke: by name (the live one) or by id (any). */
export const RevokeTokenInput = z
  .object({ name: TokenName.optional(), id: Id.optional() })
  .strict()
  .refine((input) => (input.name === undefined) !== (input.id === undefined), {
    message: "give the token's name or its id (one of them)",
    path: ["name"],
  });
export type RevokeTokenInput = z.infer<typeof RevokeTokenInput>;

/** A named token as `token.list` shows it: never its secret, nor its hash. */
export const TokenInfo = z.object({
  id: Id,
  name: TokenName,
  role: Role,
  createdAt: Timestamp,
  lastUsedAt: Timestamp.nullable(),
  revokedAt: Timestamp.nullable(),
});
export type TokenInfo = z.infer<typeof TokenInfo>;

/** `token.create`'s answer: the only time the secret is ever shown. */
export const CreatedToken = TokenInfo.extend({ token: z.string() });
export type CreatedToken = z.infer<typeof CreatedToken>;
