import { type Db, type SessionUsage, addSessionUsage, findSessionById } from "@maestro/db";
import type { LogInput } from "@maestro/domain";
import { pauseAccountOf } from "../agent/account-pauses";
import { enforceBudgets } from "../budget/enforce-budget";
import { changeSession } from "../session/session-writes";
import { type RecordEvent, type VerbArgs, inTransaction } from "../unit-of-work";
import { requireLease } from "./lease";
import { storeOutput } from "./store-output";
import { totalUsage } from "./usage-cost";
import { USAGE_LIMIT_CAPPED_NOTE, usageLimitPauseEnd } from "./usage-limit";

/**
 * Stores one batch of output (and its parsed events) in one transaction and fans it out once.
 * Usage adds up into the session's cost and tokens (estimated where the agent reports tokens
 * only, which marks the session's cost an estimate); other events go to the activity log. Output
 * past the session's log cap is dropped (counted on one line), and so are its events but usage.
 */
export async function appendLog({ ctx, input }: VerbArgs<LogInput>): Promise<{ lastSeq: number }> {
  const { stored: chunks, settle } = await inTransaction(ctx, async (tx, record) => {
    const held = await requireLease(tx, input);
    const output = await storeOutput(tx, ctx.logs.budget, { sessionId: held.sessionId, chunks: input.chunks });
    const events = input.events ?? [];
    const usage = events.filter((event) => event.type === "usage");
    if (usage.length > 0) await addUsage(tx, record, held.sessionId, await totalUsage(tx, held.sessionId, usage));
    for (const event of events) {
      if (event.type === "usage") continue;
      if (output.isTruncated && event.type !== "usage_limit") continue;
      record({
        kind: "session.output",
        entity: "session",
        entityId: held.sessionId,
        projectId: held.projectId,
        payload: { event },
      });
      if (event.type === "usage_limit") await pauseForUsageLimit(tx, record, held.sessionId, event.resetAt);
    }
    return output;
  });
  settle();
  ctx.logs.publish(input.sessionId, chunks);
  return { lastSeq: chunks.at(-1)?.seq ?? 0 };
}

/** Adds a batch's usage to the session, then enforces the budgets its spend counts in. */
async function addUsage(tx: Db, record: RecordEvent, sessionId: string, usage: SessionUsage): Promise<void> {
  await addSessionUsage(tx, sessionId, usage);
  await enforceBudgets(tx, record, sessionId, { usd: usage.costUsd, tokens: usage.tokensIn + usage.tokensOut });
}

/**
 * A usage limit pauses every profile of the session's account until the reset time (or a back-off, at
 * most 7 days) and stops the session, which then waits (`waiting`) and is queued again when the pause ends.
 */
async function pauseForUsageLimit(
  tx: Db,
  record: RecordEvent,
  sessionId: string,
  resetAt: string | null,
): Promise<void> {
  const session = (await findSessionById(tx, sessionId))!;
  const { until, isCapped } = usageLimitPauseEnd(resetAt, Date.now());
  await pauseAccountOf(tx, record, { session, until, note: isCapped ? ` ${USAGE_LIMIT_CAPPED_NOTE}` : "" });
  if (!session.stopRequested) {
    await changeSession(tx, record, session, { stopRequested: true, stopReason: "usage_limit" });
  }
}
