import { listLogChunks } from "@maestro/db";
import type { LogChunk } from "@maestro/domain";
import { tracked } from "@trpc/server";
import type { Context } from "../../context";
import { requireSession } from "./session-access";

const PAGE = 2_000;
/** Live batches a slow subscriber may have pending before it is resynced from the database. */
const MAX_PENDING = 200;

/**
 * Replays a session's log after a seq, then follows it. Batches are yielded as
 * `tracked(lastSeq, chunks)`, so a reconnect resumes with no gap and no duplicate. A subscriber
 * that falls behind drops its live queue and catches up from the database: memory stays bounded.
 */
export function followLogs({
  ctx,
  input,
  signal,
}: {
  ctx: Context;
  input: { id: string; afterSeq: number; lastEventId?: string | null };
  signal: AbortSignal | undefined;
}) {
  const session = requireSession(ctx.database.db, input.id);
  const start = input.lastEventId ? Number(input.lastEventId) : input.afterSeq;
  return streamLogs(ctx, session.id, start, signal);
}

async function* streamLogs(ctx: Context, sessionId: string, start: number, signal: AbortSignal | undefined) {
  let cursor = start;
  let pending: LogChunk[][] = [];
  let isBehind = false;
  let wake: (() => void) | undefined;
  const stopListening = ctx.logs.listen(sessionId, (chunks) => {
    if (pending.length >= MAX_PENDING) {
      pending = [];
      isBehind = true;
    } else pending.push([...chunks]);
    wake?.();
  });
  const onAbort = () => wake?.();
  signal?.addEventListener("abort", onAbort);
  try {
    isBehind = true;
    while (!signal?.aborted) {
      if (isBehind) {
        isBehind = false;
        for (;;) {
          const page = listLogChunks(ctx.database.db, sessionId, cursor, PAGE);
          if (page.length === 0) break;
          cursor = page.at(-1)!.seq;
          yield tracked(String(cursor), page);
          if (page.length < PAGE) break;
        }
        continue;
      }
      const batch = pending.shift();
      if (!batch) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        continue;
      }
      const fresh = batch.filter((chunk) => chunk.seq > cursor);
      if (fresh.length === 0) continue;
      if (fresh[0]!.seq !== cursor + 1) {
        // A gap (a batch committed before we subscribed): read it from the database instead.
        isBehind = true;
        pending.unshift(batch);
        continue;
      }
      cursor = fresh.at(-1)!.seq;
      yield tracked(String(cursor), fresh);
    }
  } finally {
    stopListening();
    signal?.removeEventListener("abort", onAbort);
  }
}
