import { createHash, randomBytes } from "node:crypto";

/** A sign-in link is good for one use within ten minutes, like a password-reset mail. */
export const SIGN_IN_CODE_TTL_MS = 10 * 60_000;
/** Bounded so a caller asking for links in a loop cannot grow the server's memory. */
export const MAX_OUTSTANDING_CODES = 20;

export type RedeemOutcome = "ok" | "unknown" | "used" | "expired";

export interface SignInCodes {
  issue(): { code: string; expiresAt: number };
  redeem(code: string): RedeemOutcome;
}

interface Entry {
  expiresAt: number;
  used: boolean;
}

/** Only hashes are kept: a heap dump or a log of this map reveals no usable code. */
function hashCode(code: string): string {
  return createHash("sha256").update(code).digest("hex");
}

/** One-time sign-in codes, held in memory: a restart voids every link not yet used. */
export function createSignInCodes(options: { now?: () => number; ttlMs?: number; max?: number } = {}): SignInCodes {
  const now = options.now ?? Date.now;
  const ttlMs = options.ttlMs ?? SIGN_IN_CODE_TTL_MS;
  const max = options.max ?? MAX_OUTSTANDING_CODES;
  // Used codes stay until they expire, so a second click can be told "already used".
  const entries = new Map<string, Entry>();
  const prune = () => {
    const time = now();
    for (const [hash, entry] of entries) if (entry.expiresAt <= time) entries.delete(hash);
  };
  return {
    issue() {
      prune();
      // Maps iterate in insertion order: past the cap the oldest link stops working.
      while (entries.size >= max) entries.delete(entries.keys().next().value as string);
      const code = randomBytes(32).toString("base64url");
      const expiresAt = now() + ttlMs;
      entries.set(hashCode(code), { expiresAt, used: false });
      return { code, expiresAt };
    },
    redeem(code) {
      const entry = entries.get(hashCode(code));
      if (!entry) return "unknown";
      if (entry.expiresAt <= now()) return "expired";
      if (entry.used) return "used";
      entry.used = true;
      return "ok";
    },
  };
}
