import type { LogChunk, LogStream } from "@maestro/domain";
import { and, asc, desc, eq, gt, gte, lte, sql } from "drizzle-orm";
import type { DbClient } from "../database";
import { sessionLogTable, sessionTable } from "../schema/session";
import { sqliteOf } from "../store/db";
import { type Db } from "../store/store";

/** Notes that the session's agent printed something now, though none of it was stored (past its log cap). */
export async function markSessionOutput(handle: Db, sessionId: string, now = new Date()): Promise<void> {
  const db = sqliteOf(handle);
  db.update(sessionTable).set({ lastOutputAt: now, stalledAt: null }).where(eq(sessionTable.id, sessionId)).run();
}

/** Appends chunks with consecutive seqs from the session's counter; part of the caller's transaction. */
export async function appendLogChunks(
  handle: Db,
  sessionId: string,
  chunks: ReadonlyArray<{ stream: LogStream; text: string }>,
  now = new Date(),
): Promise<LogChunk[]> {
  const db = sqliteOf(handle);
  if (chunks.length === 0) return [];
  const row = db
    .update(sessionTable)
    .set({ nextSeq: sql`${sessionTable.nextSeq} + ${chunks.length}`, lastOutputAt: now, stalledAt: null })
    .where(eq(sessionTable.id, sessionId))
    .returning({ next: sessionTable.nextSeq })
    .get();
  if (!row) throw new Error(`session ${sessionId} vanished inside its transaction`);
  const first = row.next - chunks.length;
  const values = chunks.map((chunk, i) => ({
    sessionId,
    seq: first + i,
    stream: chunk.stream,
    text: chunk.text,
    ts: now,
  }));
  for (let i = 0; i < values.length; i += 200) {
    db.insert(sessionLogTable)
      .values(values.slice(i, i + 200))
      .run();
  }
  return values.map((value) => ({ ...value, ts: now.toISOString() }));
}
/**
 * A session's last `count` chunks, oldest first (the tail of its output), and no more of them than
 * it takes to hold `maxChars` characters: sizes are measured in SQLite, so a caller that keeps only
 * the end never copies out the rest (chunks run to 64K characters each).
 */
export async function listLastLogChunks(
  handle: Db,
  sessionId: string,
  count: number,
  maxChars = Infinity,
): Promise<LogChunk[]> {
  const db = sqliteOf(handle);
  const from = firstSeqOfTail(db, sessionId, count, maxChars);
  if (from === undefined) return [];
  return db
    .select()
    .from(sessionLogTable)
    .where(and(eq(sessionLogTable.sessionId, sessionId), gte(sessionLogTable.seq, from)))
    .orderBy(asc(sessionLogTable.seq))
    .all()
    .map((row) => ({ ...row, ts: row.ts.toISOString() }));
}

function firstSeqOfTail(db: DbClient, sessionId: string, count: number, maxChars: number): number | undefined {
  const sizes = db
    .select({ seq: sessionLogTable.seq, size: sql<number>`length(${sessionLogTable.text})` })
    .from(sessionLogTable)
    .where(eq(sessionLogTable.sessionId, sessionId))
    .orderBy(desc(sessionLogTable.seq))
    .limit(count)
    .all();
  let first: number | undefined;
  let total = 0;
  for (const { seq, size } of sizes) {
    first = seq;
    total += size;
    if (total >= maxChars) break;
  }
  return first;
}

/**
 * The chunks after `afterSeq`, oldest first: at most `limit` of them, and no more than fit in
 * `maxChars` characters (always the first). Sizes are measured in SQLite first, so 5,000 chunks of
 * 64K characters are never copied out to be dropped.
 */
export async function listLogChunks(
  handle: Db,
  sessionId: string,
  afterSeq: number,
  limit: number,
  maxChars = Infinity,
): Promise<LogChunk[]> {
  const db = sqliteOf(handle);
  const after = and(eq(sessionLogTable.sessionId, sessionId), gt(sessionLogTable.seq, afterSeq));
  const sizes = db
    .select({ seq: sessionLogTable.seq, size: sql<number>`length(${sessionLogTable.text})` })
    .from(sessionLogTable)
    .where(after)
    .orderBy(asc(sessionLogTable.seq))
    .limit(limit)
    .all();
  let last: number | undefined;
  let total = 0;
  for (const { seq, size } of sizes) {
    if (last !== undefined && total + size > maxChars) break;
    last = seq;
    total += size;
  }
  if (last === undefined) return [];
  return db
    .select()
    .from(sessionLogTable)
    .where(and(after, lte(sessionLogTable.seq, last)))
    .orderBy(asc(sessionLogTable.seq))
    .all()
    .map((row) => ({ ...row, ts: row.ts.toISOString() }));
}

/** Bytes (UTF-8) of a session's stored output: where its log budget starts after a restart. */
export async function sumLogBytes(handle: Db, sessionId: string): Promise<number> {
  const db = sqliteOf(handle);
  const row = db
    .select({ bytes: sql<number | null>`sum(length(cast(${sessionLogTable.text} as blob)))` })
    .from(sessionLogTable)
    .where(eq(sessionLogTable.sessionId, sessionId))
    .get();
  return row?.bytes ?? 0;
}

/** The seq of the session's first `system` chunk starting with `prefix`, if any. */
export async function findSystemLogLine(handle: Db, sessionId: string, prefix: string): Promise<number | null> {
  const db = sqliteOf(handle);
  const row = db
    .select({ seq: sessionLogTable.seq })
    .from(sessionLogTable)
    .where(
      and(
        eq(sessionLogTable.sessionId, sessionId),
        eq(sessionLogTable.stream, "system"),
        sql`substr(${sessionLogTable.text}, 1, ${prefix.length}) = ${prefix}`,
      ),
    )
    .orderBy(asc(sessionLogTable.seq))
    .limit(1)
    .get();
  return row?.seq ?? null;
}

/** Rewrites one stored chunk's text (the truncation line's running count). */
export async function rewriteLogChunk(handle: Db, sessionId: string, seq: number, text: string): Promise<void> {
  const db = sqliteOf(handle);
  db.update(sessionLogTable)
    .set({ text })
    .where(and(eq(sessionLogTable.sessionId, sessionId), eq(sessionLogTable.seq, seq)))
    .run();
}
