import { findProjectById, findTaskById } from "@maestro/db";
import type { Task } from "@maestro/domain";
import type { Context } from "../../context";
import { type LandingLog, attemptLanding } from "./land-queued";
import { holdForSubtasks } from "./land-order";
import { withProjectLock } from "./landing-lock";
import { advancePullRequest } from "./pr-step";
import { isRemoteProject, isRemoteRetryDue } from "./remote-landing";

/** Landing states the lander acts on (another step may have settled the task while it queued for the lock). */
const STEPPED_STATES = new Set<string>(["queued", "waiting", "pr_open"]);

/**
 * One step for one task, under its project's lock: land it, or move its pull request along. With
 * `options.fence` (a lease's term) the ref moves only if the intent's transaction still holds it.
 */
export function stepTask(ctx: Context, task: Task, options: LandingLog): Promise<Task | null> {
  const { log } = options;
  return withProjectLock(ctx.database, task.projectId, async () => {
    const current = await findTaskById(ctx.database.db, task.id);
    if (!current || current.status === "cancelled" || !STEPPED_STATES.has(current.landing.landState)) {
      return Promise.resolve(current ?? null);
    }
    const held = await holdForSubtasks(ctx, current);
    if (held) return Promise.resolve(held);
    const project = await findProjectById(ctx.database.db, current.projectId);
    // A remote project's runner said it must wait: asked again at a slower pace (each try fetches).
    const isRemote = project !== undefined && isRemoteProject(project);
    if (isRemote && current.landing.landState === "waiting" && !isRemoteRetryDue(current)) return current;
    if (project?.settings.landPolicy === "pr") return await advancePullRequest(ctx, current.id, { log });
    return await attemptLanding(ctx, current.id, options);
  });
}
