import type { Role, TokenInfo } from "@maestro/domain";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { DbClient } from "../database";
import { prepared } from "../prepared";
import { type TokenRow, tokenTable } from "../schema/token";

/** The row as the API shows it: the secret's hash never leaves this package. */
function toTokenInfo(row: TokenRow): TokenInfo {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

export interface NewToken {
  id: string;
  name: string;
  role: Role;
  /** SHA-256 (hex) of the secret; the secret itself is never stored. */
  secretHash: string;
}

export function insertToken(db: DbClient, token: NewToken, now = new Date()): TokenInfo {
  const row = { ...token, createdAt: now, lastUsedAt: null, revokedAt: null };
  db.insert(tokenTable).values(row).run();
  return toTokenInfo(row);
}

/**
 * The live token whose secret hashes to `secretHash`, through its unique index. Looking up a
 * digest tells a timing observer nothing about the secret (they cannot aim a guess at its bytes).
 */
export function findLiveTokenByHash(db: DbClient, secretHash: string): TokenInfo | null {
  // Every request from a named token runs this: built once (see prepared.ts).
  const row = prepared(db, "token.liveByHash", () =>
    db
      .select()
      .from(tokenTable)
      .where(and(eq(tokenTable.secretHash, sql.placeholder("secretHash")), isNull(tokenTable.revokedAt)))
      .prepare(),
  ).get({ secretHash });
  return row ? toTokenInfo(row) : null;
}

export function findTokenById(db: DbClient, id: string): TokenInfo | null {
  const row = prepared(db, "token.byId", () =>
    db
      .select()
      .from(tokenTable)
      .where(eq(tokenTable.id, sql.placeholder("id")))
      .prepare(),
  ).get({ id });
  return row ? toTokenInfo(row) : null;
}

/** The live token of that name, whatever its case. */
export function findLiveTokenByName(db: DbClient, name: string): TokenInfo | null {
  const row = db
    .select()
    .from(tokenTable)
    .where(and(sql`lower(${tokenTable.name}) = lower(${name})`, isNull(tokenTable.revokedAt)))
    .get();
  return row ? toTokenInfo(row) : null;
}

/** Every token, revoked ones included (a team has a handful: no paging). */
export function listTokens(db: DbClient): TokenInfo[] {
  return db
    .select()
    .from(tokenTable)
    .orderBy(asc(sql`lower(${tokenTable.name})`), asc(tokenTable.createdAt))
    .all()
    .map(toTokenInfo);
}

/** Marks it revoked (once); answers the token as it is now. */
export function revokeToken(db: DbClient, id: string, now = new Date()): TokenInfo | null {
  db.update(tokenTable)
    .set({ revokedAt: now })
    .where(and(eq(tokenTable.id, id), isNull(tokenTable.revokedAt)))
    .run();
  return findTokenById(db, id);
}

export function touchTokenLastUsed(db: DbClient, id: string, now = new Date()): void {
  db.update(tokenTable).set({ lastUsedAt: now }).where(eq(tokenTable.id, id)).run();
}
