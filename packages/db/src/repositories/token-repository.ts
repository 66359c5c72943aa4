import type { Role, TokenInfo } from "@maestro/domain";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { TokenRow } from "../schema/token";
import { first, hot } from "../store/db";
import type { Db } from "../store/store";

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

export async function insertToken(db: Db, token: NewToken, now = new Date()): Promise<TokenInfo> {
  const { tokenTable } = db.t;
  const row = { ...token, createdAt: now, lastUsedAt: null, revokedAt: null };
  await db.orm.insert(tokenTable).values(row);
  return toTokenInfo(row);
}

/**
 * The live token whose secret hashes to `secretHash`, through its unique index. Looking up a
 * digest tells a timing observer nothing about the secret (they cannot aim a guess at its bytes).
 */
export async function findLiveTokenByHash(db: Db, secretHash: string): Promise<TokenInfo | null> {
  const { tokenTable } = db.t;
  // Every request from a named token runs this: built once (see store/db.ts).
  const row = await hot<TokenRow>(db, "token.liveByHash", () =>
    db.orm
      .select()
      .from(tokenTable)
      .where(and(eq(tokenTable.secretHash, sql.placeholder("secretHash")), isNull(tokenTable.revokedAt))),
  ).get({ secretHash });
  return row ? toTokenInfo(row) : null;
}

export async function findTokenById(db: Db, id: string): Promise<TokenInfo | null> {
  const { tokenTable } = db.t;
  const row = await hot<TokenRow>(db, "token.byId", () =>
    db.orm
      .select()
      .from(tokenTable)
      .where(eq(tokenTable.id, sql.placeholder("id"))),
  ).get({ id });
  return row ? toTokenInfo(row) : null;
}

/** The live token of that name, whatever its case (folded by lower(), as the live-name unique index folds it). */
export async function findLiveTokenByName(db: Db, name: string): Promise<TokenInfo | null> {
  const { tokenTable } = db.t;
  const row = await first(
    db.orm
      .select()
      .from(tokenTable)
      .where(and(sql`lower(${tokenTable.name}) = lower(${name})`, isNull(tokenTable.revokedAt))),
  );
  return row ? toTokenInfo(row) : null;
}

/** Every token, revoked ones included (a team has a handful: no paging). */
export async function listTokens(db: Db): Promise<TokenInfo[]> {
  const { tokenTable } = db.t;
  const rows = await db.orm
    .select()
    .from(tokenTable)
    .orderBy(asc(sql`lower(${tokenTable.name})`), asc(tokenTable.createdAt), asc(tokenTable.id));
  return rows.map(toTokenInfo);
}

/** Marks it revoked (once); answers the token as it is now. */
export async function revokeToken(db: Db, id: string, now = new Date()): Promise<TokenInfo | null> {
  const { tokenTable } = db.t;
  await db.orm
    .update(tokenTable)
    .set({ revokedAt: now })
    .where(and(eq(tokenTable.id, id), isNull(tokenTable.revokedAt)));
  return await findTokenById(db, id);
}

export async function touchTokenLastUsed(db: Db, id: string, now = new Date()): Promise<void> {
  const { tokenTable } = db.t;
  await db.orm.update(tokenTable).set({ lastUsedAt: now }).where(eq(tokenTable.id, id));
}
