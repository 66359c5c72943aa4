import {
  type Db,
  appendLogChunks,
  findSystemLogLine,
  markSessionOutput,
  notify,
  rewriteLogChunk,
  sumLogBytes,
} from "@maestro/db";
import type { LogChunk } from "@maestro/domain";
import {
  type LogAdmission,
  type LogBudget,
  type OutputChunk,
  type SessionLogBudget,
  TRUNCATION_PREFIX,
} from "../../log-budget";
import { LOGS_CHANNEL } from "../../log-feed";

/**
 * Stores what of a batch fits the session's log budget (and, once past it, the one line saying
 * so, whose dropped count is kept current); returns what was stored and what settles the budget
 * once the transaction has committed. On PostgreSQL the other instances are told after COMMIT
 * (log-feed.ts reads the new chunks for their followers); on SQLite there are none.
 */
export async function storeOutput(
  tx: Db,
  budget: LogBudget,
  batch: { sessionId: string; chunks: readonly OutputChunk[] },
): Promise<{ stored: LogChunk[]; isTruncated: boolean; settle(): void }> {
  const { sessionId } = batch;
  const admission = await admit(tx, budget, batch);
  const toStore = admission.marker ? [...admission.keep, admission.marker] : admission.keep;
  const stored = await appendLogChunks(tx, sessionId, toStore);
  if (stored.length > 0) await notify(tx, LOGS_CHANNEL, sessionId);
  // Output dropped past the cap is still output: a chatty agent is not a stalled one.
  if (stored.length === 0 && batch.chunks.length > 0) await markSessionOutput(tx, sessionId);
  const markerSeq = admission.marker ? stored.at(-1)!.seq : admission.next.markerSeq;
  if (admission.rewrite !== null && markerSeq !== null) {
    await rewriteLogChunk(tx, sessionId, markerSeq, admission.rewrite);
  }
  const isTruncated = markerSeq !== null;
  return { stored, isTruncated, settle: () => budget.settle(sessionId, { ...admission.next, markerSeq }) };
}

/**
 * LogBudget.admit reads a session's budget synchronously the first time; reading it is
 * asynchronous now, so a budget it does not hold yet is read first and the batch admitted again
 * (admit only decides: nothing is remembered before settle).
 */
async function admit(
  tx: Db,
  budget: LogBudget,
  { sessionId, chunks }: { sessionId: string; chunks: readonly OutputChunk[] },
): Promise<LogAdmission> {
  let isKnown = true;
  const admission = budget.admit(sessionId, chunks, () => {
    isKnown = false;
    return { storedBytes: 0, droppedBytes: 0, markerSeq: null };
  });
  if (isKnown) return admission;
  const loaded = await loadBudget(tx, sessionId);
  return budget.admit(sessionId, chunks, () => loaded);
}

async function loadBudget(tx: Db, sessionId: string): Promise<SessionLogBudget> {
  return {
    storedBytes: await sumLogBytes(tx, sessionId),
    droppedBytes: 0,
    markerSeq: await findSystemLogLine(tx, sessionId, TRUNCATION_PREFIX),
  };
}
