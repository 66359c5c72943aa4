import { findTaskById, queueLandJob } from "@maestro/db";
import type { Project, Task } from "@maestro/domain";
import type { Context } from "../../context";
import { inTransaction } from "../unit-of-work";
import { changeLanding } from "./landing-writes";

/**
 * Whether the project's repository is elsewhere (`settings.repositoryUrl`): the server then runs
 * no git for it at all. Runners hold the clones and worktrees, and land its tasks (land jobs).
 */
export function isRemoteProject(project: Project): boolean {
  return project.settings.repositoryUrl !== null;
}

/** What a task of a remote project says while its land job waits for (or is with) a runner. */
export function remoteLandingNote(project: Project): string {
  return `waiting for a runner to land it on ${project.settings.targetBranch ?? "the target branch"}`;
}

/**
 * A runner that reported `waiting` (the remote refused, the branch is gone) is not asked again at
 * the lander's 1 s pace (each try fetches from the remote): the task waits this long first, or
 * until `task land`.
 */
export const REMOTE_WAITING_RETRY_MS = 30_000;

/** Whether a waiting task of a remote project is due to be tried again. */
export function isRemoteRetryDue(task: Task, now = Date.now()): boolean {
  return now - Date.parse(task.updatedAt) >= REMOTE_WAITING_RETRY_MS;
}

const QUEUEABLE = new Set<string>(["queued", "waiting", "landing"]);

/**
 * Hands the task to the runners: queues its land job (unless it has one) and marks it `landing`,
 * in one transaction, so a crash leaves either both or neither. Its event wakes waiting claims.
 */
export async function queueRemoteLanding(ctx: Context, task: Task, project: Project): Promise<Task | null> {
  return await inTransaction(ctx, async (tx, record) => {
    const current = await findTaskById(tx, task.id);
    // Settled meanwhile (a runner's result came in): not queued again.
    if (!current || !QUEUEABLE.has(current.landing.landState)) return current ?? null;
    if (!current.landing.headCommit) {
      const note = `no commit of ${current.landing.branch ?? "its branch"} was reported: run the task again`;
      return await changeLanding(tx, record, task.id, { landing: { landState: "waiting", note } });
    }
    await queueLandJob(tx, { taskId: task.id, projectId: project.id });
    return await changeLanding(tx, record, task.id, {
      landing: { landState: "landing", note: remoteLandingNote(project), conflictFiles: [] },
    });
  });
}
