import { findProjectById, findTaskById, listTasks } from "@maestro/db";
import { type Task, subtasksHold, unlandedSubtasks } from "@maestro/domain";
import type { Context } from "../../context";
import { attemptLanding } from "./land-queued";
import { withProjectLock } from "./landing-lock";
import { writeLanding } from "./landing-writes";
import { advancePullRequest } from "./pr-step";

/** Landing states the lander acts on (another step may have settled the task while it queued for the lock). */
const STEPPED_STATES = new Set<string>(["queued", "waiting", "pr_open"]);

/**
 * One step for one task, under its project's lock: land it, or move its pull request along. A
 * parent waits for its subtasks to land first, so the target never holds it without them.
 */
export function stepTask(ctx: Context, task: Task, log: (line: string) => void): Promise<Task | null> {
  return withProjectLock(ctx.database, task.projectId, () => {
    const current = findTaskById(ctx.database.db, task.id);
    if (!current || current.status === "cancelled" || !STEPPED_STATES.has(current.landing.landState)) {
      return Promise.resolve(current ?? null);
    }
    const hold = subtasksHold(unlandedSubtasks(current, listTasks(ctx.database.db, { projectId: current.projectId })));
    if (hold) return Promise.resolve(writeLanding(ctx, current.id, { landState: "waiting", note: hold }));
    const project = findProjectById(ctx.database.db, current.projectId);
    if (project?.settings.landPolicy === "pr") return advancePullRequest(ctx, current.id, { log });
    return attemptLanding(ctx, current.id, { log });
  });
}
