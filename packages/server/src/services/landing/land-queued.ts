import { findProjectById, findTaskById } from "@maestro/db";
import { type Project, type Task, messageOf } from "@maestro/domain";
import type { Context } from "../../context";
import { resolveCommit } from "../../git/refs";
import { type LandResult, landBranch } from "./land-branch";
import { runInBackground } from "./landing-lock";
import type { IntentFence } from "./landing-leases";
import { markLanded, recordLandingIntent, writeLanding } from "./landing-writes";
import { isRemoteProject, queueRemoteLanding } from "./remote-landing";
import { cleanUpTaskWorktrees } from "./task-worktrees";
import { targetBranchOf } from "./target-branch";

export interface LandingLog {
  log: (line: string) => void;
  /** Under a project's lease: checked in the intent's transaction, the ref moves only if it holds. */
  fence?: IntentFence;
}

/** Lands the task's reviewed head (or its branch's tip) on the target branch. */
async function landNow(ctx: Context, task: Task, options: LandingLog & { project: Project }): Promise<LandResult> {
  const { project } = options;
  const branch = task.landing.branch!;
  const head = task.landing.headCommit ?? (await resolveCommit(project.rootDir, `refs/heads/${branch}`));
  if (!head) return { kind: "waiting", note: `branch ${branch} is not in ${project.rootDir} any more` };
  return landBranch({
    repo: project.rootDir,
    target: await targetBranchOf(project),
    strategy: project.settings.landStrategy,
    task,
    branch,
    head,
    recordIntent: (commit) => recordLandingIntent(ctx, { taskId: task.id, commit, head, fence: options.fence }),
  });
}

async function cleanUp(ctx: Context, subject: { task: Task; project: Project }, options: LandingLog): Promise<void> {
  const kept = await cleanUpTaskWorktrees(ctx, subject.task, subject.project).catch((error) => [messageOf(error)]);
  for (const line of kept) options.log(`lander: ${subject.task.key}: ${line}`);
}

/** Stores what a landing attempt came to; a landed task is done and its worktrees go. */
export async function settleLanding(
  ctx: Context,
  subject: { task: Task; project: Project },
  result: LandResult,
  options: LandingLog,
): Promise<Task | null> {
  const { task, project } = subject;
  switch (result.kind) {
    case "landed": {
      const landed = await markLanded(ctx, task.id, result.commit);
      // The worktree's removal does not hold up the next landing.
      if (landed) runInBackground(ctx.database, cleanUp(ctx, { task: landed, project }, options));
      return landed;
    }
    case "conflict":
      return writeLanding(ctx, task.id, {
        landState: "conflict",
        conflictFiles: result.files,
        landingCommit: null,
        note: null,
      });
    case "waiting":
      return writeLanding(ctx, task.id, { landState: "waiting", note: result.note, landingCommit: null });
    case "lost":
      // The lease went to another instance before the ref moved: the task stays as it was, for it.
      options.log(
        `lander: ${task.key}: the project's lease was lost before ${project.key}'s target moved; left to its new holder`,
      );
      return task;
  }
}

/**
 * One landing attempt for a task the caller holds the project's lock for (a remote project's:
 * its land job queued). Anything that goes
 * wrong (a git failure, a missing target) makes the task wait with the reason, to be tried again.
 */
export async function attemptLanding(ctx: Context, taskId: string, options: LandingLog): Promise<Task | null> {
  const task = await findTaskById(ctx.database.db, taskId);
  const project = task && (await findProjectById(ctx.database.db, task.projectId));
  if (!task || !project || !task.landing.branch) return task ?? null;
  // Its repository is elsewhere: a runner lands it (runner.claimLanding), never git here.
  if (isRemoteProject(project)) return await queueRemoteLanding(ctx, task, project);
  let result: LandResult;
  try {
    result = await landNow(ctx, task, { ...options, project });
  } catch (error) {
    options.log(`lander: ${task.key}: ${messageOf(error)}`);
    result = { kind: "waiting", note: messageOf(error) };
  }
  return await settleLanding(
    ctx,
    { task: (await findTaskById(ctx.database.db, taskId)) ?? task, project },
    result,
    options,
  );
}
