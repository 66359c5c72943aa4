import type { Role, TokenInfo } from "@maestro/domain";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { prepared } from "../prepared";
import { type TokenRow, tokenTable } from "../schema/token";
import { sqliteOf } from "../store/db";
import { type Db } from "../store/store";

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

export async function insertToken(handle: Db, token: NewToken, now = new Date()): Promise<TokenInfo> {
  const db = sqliteOf(handle);
  const row = { ...token, createdAt: now, lastUsedAt: null, revokedAt: null };
  db.insert(tokenTable).values(row).run();
  return toTokenInfo(row);
}

/**
 * The live token whose secret hashes to `secretHash`, through its unique index. Looking up a
 * digest tells a timing observer nothing about the secret (they cannot aim a guess at its bytes).
 */
export async function findLiveTokenByHash(handle: Db, secretHash: string): Promise<TokenInfo | null> {
  const db = sqliteOf(handle);
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

export async function findTokenById(handle: Db, id: string): Promise<TokenInfo | null> {
  const db = sqliteOf(handle);
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
export async function findLiveTokenByName(handle: Db, name: string): Promise<TokenInfo | null> {
  const db = sqliteOf(handle);
  const row = db
    .select()
    .from(tokenTable)
    .where(and(sql`lower(${tokenTable.name}) = lower(${name})`, isNull(tokenTable.revokedAt)))
    .get();
  return row ? toTokenInfo(row) : null;
}

/** Every token, revoked ones included (a team has a handful: no paging). */
export async function listTokens(handle: Db): Promise<TokenInfo[]> {
  const db = sqliteOf(handle);
  return db
    .select()
    .from(tokenTable)
    .orderBy(asc(sql`lower(${tokenTable.name})`), asc(tokenTable.createdAt))
    .all()
    .map(toTokenInfo);
}

/** Marks it revoked (once); answers the token as it is now. */
export async function revokeToken(handle: Db, id: string, now = new Date()): Promise<TokenInfo | null> {
  const db = sqliteOf(handle);
  db.update(tokenTable)
    .set({ revokedAt: now })
    .where(and(eq(tokenTable.id, id), isNull(tokenTable.revokedAt)))
    .run();
  return await findTokenById(handle, id);
}

export async function touchTokenLastUsed(handle: Db, id: string, now = new Date()): Promise<void> {
  const db = sqliteOf(handle);
  db.update(tokenTable).set({ lastUsedAt: now }).where(eq(tokenTable.id, id)).run();
}
