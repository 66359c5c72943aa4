import { listLogChunks } from "@maestro/db";
import type { LogChunk } from "@maestro/domain";
import { tracked } from "@trpc/server";
import type { Context } from "../../context";
import { requireSession } from "./session-access";

/** Chunks read from the database per batch: at most 16 MiB of text (chunks are ≤ 64 KiB). */
const PAGE = 256;
/**
 * Live batches, and text in them (UTF-16 units, ≤ 8 MiB), a slow subscriber may have pending
 * before its live queue is dropped and it is resynced from the database. Text is bounded too:
 * one batch holds up to 256 KiB, so 200 of them let a paused subscriber hold tens of MiB.
 */
const MAX_PENDING_BATCHES = 200;
const MAX_PENDING_CHARS = 4 * 1024 * 1024;

/**
 * Replays a session's log after a seq, then follows it. Batches are yielded as
 * `tracked(lastSeq, chunks)`, so a reconnect resumes with no gap and no duplicate. A subscriber
 * that falls behind drops its live queue and catches up from the database: memory stays bounded.
 */
export async function followLogs({
  ctx,
  input,
  signal,
}: {
  ctx: Context;
  input: { id: string; afterSeq: number; lastEventId?: string | null };
  signal: AbortSignal | undefined;
}) {
  const session = await requireSession(ctx.database.db, input.id);
  const start = input.lastEventId ? Number(input.lastEventId) : input.afterSeq;
  return streamLogs(ctx, session.id, { start, signal });
}

/** One subscriber's live batches, bounded: past MAX_PENDING they are dropped for a resync. */
interface LiveQueue {
  pending: LogChunk[][];
  pendingChars: number;
  /** The database holds what the subscriber has not seen: read it from there next. */
  isBehind: boolean;
  wake: (() => void) | undefined;
}

const charsOf = (chunks: readonly LogChunk[]) => chunks.reduce((sum, chunk) => sum + chunk.text.length, 0);

function enqueueLive(queue: LiveQueue, chunks: readonly LogChunk[]): void {
  const chars = charsOf(chunks);
  if (queue.pending.length >= MAX_PENDING_BATCHES || queue.pendingChars + chars > MAX_PENDING_CHARS) {
    queue.pending = [];
    queue.pendingChars = 0;
    queue.isBehind = true;
  } else {
    queue.pending.push([...chunks]);
    queue.pendingChars += chars;
  }
  queue.wake?.();
}

function takeLive(queue: LiveQueue): LogChunk[] | undefined {
  const batch = queue.pending.shift();
  if (batch) queue.pendingChars -= charsOf(batch);
  return batch;
}

async function nextWake(queue: LiveQueue): Promise<void> {
  await new Promise<void>((resolve) => (queue.wake = resolve));
  queue.wake = undefined;
}

/** The stored log after `cursor`, page by page, each read once the previous one was taken. */
async function* readStored(ctx: Context, sessionId: string, cursor: number): AsyncGenerator<LogChunk[]> {
  for (;;) {
    const page = await listLogChunks(ctx.database.db, sessionId, cursor, PAGE);
    if (page.length === 0) return;
    cursor = page.at(-1)!.seq;
    yield page;
    if (page.length < PAGE) return;
  }
}

/** The batch's chunks after `cursor`, or null when there are none to send now. */
function freshChunks(queue: LiveQueue, batch: LogChunk[], cursor: number): LogChunk[] | null {
  const fresh = batch.filter((chunk) => chunk.seq > cursor);
  if (fresh.length === 0) return null;
  if (fresh[0]!.seq !== cursor + 1) {
    // A gap (a batch committed before we subscribed): read it from the database instead.
    queue.isBehind = true;
    queue.pending.unshift(batch);
    queue.pendingChars += charsOf(batch);
    return null;
  }
  return fresh;
}

async function* streamLogs(
  ctx: Context,
  sessionId: string,
  { start, signal }: { start: number; signal: AbortSignal | undefined },
) {
  let cursor = start;
  // Behind from the start: what was stored before the subscription is read first.
  const queue: LiveQueue = { pending: [], pendingChars: 0, isBehind: true, wake: undefined };
  const stopListening = ctx.logs.listen(sessionId, (chunks) => enqueueLive(queue, chunks));
  const onAbort = () => queue.wake?.();
  signal?.addEventListener("abort", onAbort);
  try {
    while (!signal?.aborted) {
      if (queue.isBehind) {
        queue.isBehind = false;
        for await (const page of readStored(ctx, sessionId, cursor)) {
          cursor = page.at(-1)!.seq;
          yield tracked(String(cursor), page);
        }
        continue;
      }
      const batch = takeLive(queue);
      if (!batch) {
        await nextWake(queue);
        continue;
      }
      const fresh = freshChunks(queue, batch, cursor);
      if (!fresh) continue;
      cursor = fresh.at(-1)!.seq;
      yield tracked(String(cursor), fresh);
    }
  } finally {
    stopListening();
    signal?.removeEventListener("abort", onAbort);
  }
}
