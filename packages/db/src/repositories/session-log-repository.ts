import type { LogChunk, LogStream } from "@maestro/domain";
import { and, asc, desc, eq, gt, gte, lte, sql } from "drizzle-orm";
import { first } from "../store/db";
import type { Db } from "../store/store";

/** Notes that the session's agent printed something now, though none of it was stored (past its log cap). */
export async function markSessionOutput(db: Db, sessionId: string, now = new Date()): Promise<void> {
  const { sessionTable } = db.t;
  await db.orm.update(sessionTable).set({ lastOutputAt: now, stalledAt: null }).where(eq(sessionTable.id, sessionId));
}

/**
 * Appends chunks with consecutive seqs from the session's counter; part of the caller's
 * transaction. The counter's UPDATE … RETURNING holds the session row until the transaction ends,
 * so two appends on PostgreSQL never take the same seqs.
 */
export async function appendLogChunks(
  db: Db,
  sessionId: string,
  chunks: ReadonlyArray<{ stream: LogStream; text: string }>,
  now = new Date(),
): Promise<LogChunk[]> {
  const { sessionTable, sessionLogTable } = db.t;
  if (chunks.length === 0) return [];
  const [row] = await db.orm
    .update(sessionTable)
    .set({ nextSeq: sql`${sessionTable.nextSeq} + ${chunks.length}`, lastOutputAt: now, stalledAt: null })
    .where(eq(sessionTable.id, sessionId))
    .returning({ next: sessionTable.nextSeq });
  if (!row) throw new Error(`session ${sessionId} vanished inside its transaction`);
  const firstSeq = row.next - chunks.length;
  const values = chunks.map((chunk, i) => ({
    sessionId,
    seq: firstSeq + i,
    stream: chunk.stream,
    text: chunk.text,
    ts: now,
  }));
  for (let i = 0; i < values.length; i += 200) {
    await db.orm.insert(sessionLogTable).values(values.slice(i, i + 200));
  }
  return values.map((value) => ({ ...value, ts: now.toISOString() }));
}

/** A chunk's size in characters (both engines' length() counts characters of text). */
function sizeOf(db: Db) {
  return sql<number>`length(${db.t.sessionLogTable.text})`.mapWith(Number);
}

/**
 * A session's last `count` chunks, oldest first (the tail of its output), and no more of them than
 * it takes to hold `maxChars` characters: sizes are measured in the database, so a caller that
 * keeps only the end never copies out the rest (chunks run to 64K characters each).
 */
export async function listLastLogChunks(
  db: Db,
  sessionId: string,
  count: number,
  maxChars = Infinity,
): Promise<LogChunk[]> {
  const { sessionLogTable } = db.t;
  const from = await firstSeqOfTail(db, sessionId, count, maxChars);
  if (from === undefined) return [];
  const rows = await db.orm
    .select()
    .from(sessionLogTable)
    .where(and(eq(sessionLogTable.sessionId, sessionId), gte(sessionLogTable.seq, from)))
    .orderBy(asc(sessionLogTable.seq));
  return rows.map((row) => ({ ...row, ts: row.ts.toISOString() }));
}

async function firstSeqOfTail(db: Db, sessionId: string, count: number, maxChars: number): Promise<number | undefined> {
  const { sessionLogTable } = db.t;
  const sizes = await db.orm
    .select({ seq: sessionLogTable.seq, size: sizeOf(db) })
    .from(sessionLogTable)
    .where(eq(sessionLogTable.sessionId, sessionId))
    .orderBy(desc(sessionLogTable.seq))
    .limit(count);
  let firstSeq: number | undefined;
  let total = 0;
  for (const { seq, size } of sizes) {
    firstSeq = seq;
    total += size;
    if (total >= maxChars) break;
  }
  return firstSeq;
}

/**
 * The chunks after `afterSeq`, oldest first: at most `limit` of them, and no more than fit in
 * `maxChars` characters (always the first). Sizes are measured in the database first, so 5,000
 * chunks of 64K characters are never copied out to be dropped.
 */
export async function listLogChunks(
  db: Db,
  sessionId: string,
  afterSeq: number,
  limit: number,
  maxChars = Infinity,
): Promise<LogChunk[]> {
  const { sessionLogTable } = db.t;
  const after = and(eq(sessionLogTable.sessionId, sessionId), gt(sessionLogTable.seq, afterSeq));
  const sizes = await db.orm
    .select({ seq: sessionLogTable.seq, size: sizeOf(db) })
    .from(sessionLogTable)
    .where(after)
    .orderBy(asc(sessionLogTable.seq))
    .limit(limit);
  let last: number | undefined;
  let total = 0;
  for (const { seq, size } of sizes) {
    if (last !== undefined && total + size > maxChars) break;
    last = seq;
    total += size;
  }
  if (last === undefined) return [];
  const rows = await db.orm
    .select()
    .from(sessionLogTable)
    .where(and(after, lte(sessionLogTable.seq, last)))
    .orderBy(asc(sessionLogTable.seq));
  return rows.map((row) => ({ ...row, ts: row.ts.toISOString() }));
}

/** Bytes (UTF-8) of a session's stored output: where its log budget starts after a restart. */
export async function sumLogBytes(db: Db, sessionId: string): Promise<number> {
  const { sessionLogTable } = db.t;
  // SQLite measures a text's bytes as a blob's length; PostgreSQL has octet_length.
  const bytes =
    db.engine === "sqlite"
      ? sql`sum(length(cast(${sessionLogTable.text} as blob)))`
      : sql`sum(octet_length(${sessionLogTable.text}))`;
  const row = await first(
    db.orm
      .select({ bytes: sql<number | null>`${bytes}`.mapWith(Number) })
      .from(sessionLogTable)
      .where(eq(sessionLogTable.sessionId, sessionId)),
  );
  return row?.bytes ?? 0;
}

/** The seq of the session's first `system` chunk starting with `prefix`, if any. */
export async function findSystemLogLine(db: Db, sessionId: string, prefix: string): Promise<number | null> {
  const { sessionLogTable } = db.t;
  const row = await first(
    db.orm
      .select({ seq: sessionLogTable.seq })
      .from(sessionLogTable)
      .where(
        and(
          eq(sessionLogTable.sessionId, sessionId),
          eq(sessionLogTable.stream, "system"),
          sql`substr(${sessionLogTable.text}, 1, ${prefix.length}) = ${prefix}`,
        ),
      )
      .orderBy(asc(sessionLogTable.seq)),
  );
  return row?.seq ?? null;
}

/** Rewrites one stored chunk's text (the truncation line's running count). */
export async function rewriteLogChunk(db: Db, sessionId: string, seq: number, text: string): Promise<void> {
  const { sessionLogTable } = db.t;
  await db.orm
    .update(sessionLogTable)
    .set({ text })
    .where(and(eq(sessionLogTable.sessionId, sessionId), eq(sessionLogTable.seq, seq)));
}
