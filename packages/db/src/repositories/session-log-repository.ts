import type { LogChunk, LogStream } from "@maestro/domain";
import { and, asc, eq, gt, sql } from "drizzle-orm";
import type { DbClient } from "../database";
import { sessionLogTable, sessionTable } from "../schema/session";

/** Appends chunks with consecutive seqs from the session's counter; part of the caller's transaction. */
export function appendLogChunks(
  db: DbClient,
  sessionId: string,
  chunks: ReadonlyArray<{ stream: LogStream; text: string }>,
  now = new Date(),
): LogChunk[] {
  if (chunks.length === 0) return [];
  const row = db
    .update(sessionTable)
    .set({ nextSeq: sql`${sessionTable.nextSeq} + ${chunks.length}`, lastOutputAt: now })
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
export function listLogChunks(db: DbClient, sessionId: string, afterSeq: number, limit: number): LogChunk[] {
  return db
    .select()
    .from(sessionLogTable)
    .where(and(eq(sessionLogTable.sessionId, sessionId), gt(sessionLogTable.seq, afterSeq)))
    .orderBy(asc(sessionLogTable.seq))
    .limit(limit)
    .all()
    .map((row) => ({ ...row, ts: row.ts.toISOString() }));
}
