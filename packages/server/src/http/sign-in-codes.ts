import { createHash, randomBytes } from "node:crypto";
import { type SignInCodeRedemption, type Store, insertSignInCode, redeemSignInCode } from "@maestro/db";
import { inStoreTransaction } from "../services/unit-of-work";

/** A sign-in link is good for one use within ten minutes, like a password-reset mail. */
export const SIGN_IN_CODE_TTL_MS = 10 * 60_000;
/** Bounded so a caller asking for links in a loop cannot grow the table. */
export const MAX_OUTSTANDING_CODES = 20;

export type RedeemOutcome = SignInCodeRedemption;

export interface SignInCodes {
  issue(): Promise<{ code: string; expiresAt: number }>;
  redeem(code: string): Promise<RedeemOutcome>;
}

/** Only hashes are stored: a copy of the database reveals no usable code. */
function hashCode(code: string): string {
  return createHash("sha256").update(code).digest("hex");
}

/**
 * One-time sign-in codes kept in the database, so a link one instance printed works on every
 * instance sharing it, once: redeeming is one conditional UPDATE that only one caller wins.
 */
export function createSignInCodes(
  store: Store,
  options: { now?: () => number; ttlMs?: number; max?: number } = {},
): SignInCodes {
  const now = options.now ?? Date.now;
  const ttlMs = options.ttlMs ?? SIGN_IN_CODE_TTL_MS;
  const maxOutstanding = options.max ?? MAX_OUTSTANDING_CODES;
  return {
    async issue() {
      const code = randomBytes(32).toString("base64url");
      const issuedAt = now();
      const expiresAt = issuedAt + ttlMs;
      await inStoreTransaction(store, (tx) =>
        insertSignInCode(
          tx,
          { codeHash: hashCode(code), expiresAt: new Date(expiresAt), maxOutstanding },
          new Date(issuedAt),
        ),
      );
      return { code, expiresAt };
    },
    redeem: (code) => inStoreTransaction(store, (tx) => redeemSignInCode(tx, hashCode(code), new Date(now()))),
  };
}
