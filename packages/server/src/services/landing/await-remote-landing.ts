import { findLandJobOfTask, findTaskById } from "@maestro/db";
import type { LandState, Task } from "@maestro/domain";
import type { Context } from "../../context";

/** How long `task land` waits for a runner to land a remote project's task before saying it has not yet. */
export const REMOTE_LAND_WAIT_MS = 60_000;

/** Resolves on the next event about the task, after `ms`, or when the caller goes away. */
function nextChange(ctx: Context, taskId: string, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      unsubscribe();
      ctx.signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    const unsubscribe = ctx.events.onEvent((event) => {
      if (event.kind === "task.updated" && event.payload.task.id === taskId) done();
    });
    ctx.signal?.addEventListener("abort", done, { once: true });
  });
}

/**
 * Waits while the task is `landing` (its land job with the runners), up to `timeoutMs`: woken by
 * its events, and looking again every second (a result taken by another instance reaches this one
 * as an event too, but a read is what decides). Answers the task as it then is.
 */
export async function waitWhileLanding(
  ctx: Context,
  taskId: string,
  timeoutMs = REMOTE_LAND_WAIT_MS,
): Promise<Task | null> {
  return await waitWhileIn(ctx, taskId, { states: ["landing"], timeoutMs });
}

/**
 * Waits while the task's landState is one of `states` (someone else lands it: the runners, or
 * the instance holding the project's lease), as waitWhileLanding does.
 */
export async function waitWhileIn(
  ctx: Context,
  taskId: string,
  options: { states: readonly LandState[]; timeoutMs: number },
): Promise<Task | null> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const task = await findTaskById(ctx.database.db, taskId);
    const left = deadline - Date.now();
    const isWaited = task !== undefined && options.states.includes(task.landing.landState);
    if (!isWaited || left <= 0 || ctx.signal?.aborted) return task ?? null;
    await nextChange(ctx, taskId, Math.min(left, 1_000));
  }
}

/**
 * Waits while the task has a land job (PR mode: a runner is to check on its pull request), up to
 * `timeoutMs`, as waitWhileLanding does. Answers the task as it then is.
 */
export async function waitWhileJobQueued(
  ctx: Context,
  taskId: string,
  timeoutMs = REMOTE_LAND_WAIT_MS,
): Promise<Task | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = deadline - Date.now();
    const hasJob = (await findLandJobOfTask(ctx.database.db, taskId)) !== undefined;
    if (!hasJob || left <= 0 || ctx.signal?.aborted) return (await findTaskById(ctx.database.db, taskId)) ?? null;
    await nextChange(ctx, taskId, Math.min(left, 1_000));
  }
}
