import { and, asc, desc, eq, gt, isNull, lte, notInArray } from "drizzle-orm";
import { changedRows, first } from "../store/db";
import type { Db } from "../store/store";

/** What presenting a sign-in code came to: only `ok` signs a browser in. */
export type SignInCodeRedemption = "ok" | "unknown" | "used" | "expired";

export interface NewSignInCode {
  /** SHA-256 (hex) of the code; the code itself is never stored. */
  codeHash: string;
  expiresAt: Date;
  /** Unused codes kept at most: past it the oldest stop working. */
  maxOutstanding: number;
}

/**
 * Stores a new code, first dropping expired ones, then the oldest unused ones past the cap, so
 * a caller asking for links in a loop cannot grow the table. Run it in a transaction.
 */
export async function insertSignInCode(db: Db, code: NewSignInCode, now = new Date()): Promise<void> {
  const { signInCodeTable: table } = db.t;
  await db.orm.delete(table).where(lte(table.expiresAt, now));
  await db.orm
    .insert(table)
    .values({ codeHash: code.codeHash, createdAt: now, expiresAt: code.expiresAt, usedAt: null });
  const kept = await db.orm
    .select({ codeHash: table.codeHash })
    .from(table)
    .where(isNull(table.usedAt))
    .orderBy(desc(table.createdAt), asc(table.codeHash))
    .limit(code.maxOutstanding);
  const keep = kept.map((row) => row.codeHash);
  await db.orm.delete(table).where(and(isNull(table.usedAt), notInArray(table.codeHash, keep)));
}

/**
 * Uses the code once. The conditional UPDATE is the arbiter: on PostgreSQL a concurrent
 * redemption (another instance's) waits for the row and re-checks `used_at`, so one wins.
 */
export async function redeemSignInCode(db: Db, codeHash: string, now = new Date()): Promise<SignInCodeRedemption> {
  const { signInCodeTable: table } = db.t;
  const won = await db.orm
    .update(table)
    .set({ usedAt: now })
    .where(and(eq(table.codeHash, codeHash), isNull(table.usedAt), gt(table.expiresAt, now)));
  if (changedRows(won) === 1) return "ok";
  const row = await first(db.orm.select().from(table).where(eq(table.codeHash, codeHash)));
  if (!row) return "unknown";
  return row.expiresAt <= now ? "expired" : "used";
}
