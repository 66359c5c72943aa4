import { type Db, findAutopilot, findProjectById, findSessionById, raiseSessionPeakRss } from "@maestro/db";
import type { EndReason, FinishInput, Session } from "@maestro/domain";
import type { Context } from "../../context";
import { scheduleProject } from "../autopilot/schedule-project";
import { type RecordEvent, type VerbArgs, inSavepoint, inTransaction } from "../unit-of-work";
import { settleAfterAgent } from "../landing/after-agent";
import { requireLease } from "./lease";
import { settleSession } from "./settle-session";

/** The agent process has exited: settle the session (and its task) from its exit and reports. */
export async function finishSession({ ctx, input }: VerbArgs<FinishInput>): Promise<Session> {
  return await inTransaction(ctx, async (tx, record) => {
    const held = await requireLease(tx, input);
    if (input.peakRssMb !== undefined) await raiseSessionPeakRss(tx, input.sessionId, input.peakRssMb);
    const session = (await findSessionById(tx, input.sessionId))!;
    const error =
      input.error ??
      (input.signal ? `killed by ${input.signal}` : input.exitCode ? `exited with code ${input.exitCode}` : null);
    const endReason = endReasonOfFinish(input, held.stopRequested);
    const isWorktreeSuccess = session.branch !== null && input.exitCode === 0 && !endReason && !held.stopRequested;
    const settled = isWorktreeSuccess
      ? await settleAfterAgent({ ctx, tx, record, session, input })
      : await settleSession(tx, record, session, {
          exitCode: input.exitCode,
          error,
          ...(endReason ? { endReason } : {}),
        });
    await startWhatBecameReady(ctx, tx, record, session.projectId);
    return settled;
  });
}

/**
 * What the runner knows better than the exit: its agent never started (`spawn_failed`), or the
 * runner went away under it (`runner_lost`), with its server (`server_restart`). A stop a
 * person asked for stays that stop.
 */
function endReasonOfFinish(input: FinishInput, isStopRequested: boolean): EndReason | undefined {
  if (input.spawnFailed) return "spawn_failed";
  if (!input.interrupted || isStopRequested) return undefined;
  return input.isServerStopping ? "server_restart" : "runner_lost";
}

/**
 * Under autopilot, what this session's end made ready (its task's dependents, the slot it
 * freed) is queued in the same commit: no separate pass stands between "done" and the next
 * agent. Anything that goes wrong here is undone and left to the scheduler's own pass.
 */
async function startWhatBecameReady(ctx: Context, tx: Db, record: RecordEvent, projectId: string): Promise<void> {
  if ((await findAutopilot(tx, projectId)).state !== "on") return;
  const project = await findProjectById(tx, projectId);
  if (!project) return;
  try {
    await inSavepoint(
      tx,
      record,
      async (savepoint, recordInSavepoint) =>
        await scheduleProject({
          ctx,
          tx: savepoint,
          record: recordInSavepoint,
          project,
          now: Date.now(),
          log: () => {},
          onUnlaunchable: "skip",
        }),
    );
  } catch {
    // The pass that follows every change plans again, and reports what it cannot do.
  }
}
