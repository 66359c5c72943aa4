import { findLandJobOfTask, findProjectById, listTasksInLandStates } from "@maestro/db";
import { type Project, type Task, messageOf } from "@maestro/domain";
import type { Context } from "../../context";
import { advanceCheckout } from "../../git/checkout-status";
import { isAncestor, resolveCommit } from "../../git/refs";
import { runGit } from "../../git/run-git";
import { checkoutsOf } from "../../git/worktree-list";
import { type LandingLog, settleLanding } from "./land-queued";
import { writeLanding } from "./landing-writes";
import { isRemoteProject, queueRemoteLanding } from "./remote-landing";
import { advanceRemotePullRequest } from "./remote-pr-step";
import { targetBranchOf } from "./target-branch";

/**
 * The ref moved but the server died before a checkout of the target followed it: that
 * checkout's index still holds the commit before, so it is brought along now.
 */
async function finishCheckouts(
  repo: string,
  target: string,
  commit: string,
  log: (line: string) => void,
): Promise<void> {
  const before = await resolveCommit(repo, `${commit}^1`);
  if (!before) return;
  for (const checkout of await checkoutsOf(repo, target)) {
    const atBefore = await runGit(checkout.path, ["diff-index", "--cached", "--quiet", before], { allowFailure: true });
    if (atBefore.code !== 0) continue;
    const isMoved = (await advanceCheckout(checkout.path, { from: before, to: commit })) === null;
    log(
      `lander: ${checkout.path} ${isMoved ? "brought up to" : "could not be brought up to"} ${target} after a restart`,
    );
  }
}

/**
 * A remote project's task is `landing` while its land job waits for a runner: the job (and a
 * runner's claim of it) is the database's, so it is left alone; one whose job is missing (a
 * copy of the database, a job deleted by hand) gets a new one.
 */
async function recoverRemoteTask(ctx: Context, task: Task, project: Project, options: LandingLog): Promise<void> {
  if (await findLandJobOfTask(ctx.database.db, task.id)) return;
  // In PR mode a `landing` task was waiting for its pull request to be opened, never merged here.
  if (project.settings.landPolicy === "pr") await advanceRemotePullRequest(ctx, task, project);
  else await queueRemoteLanding(ctx, task, project);
  options.log(`lander: ${task.key} was landing without a land job; a new one is queued for the runners`);
}

async function recoverTask(ctx: Context, task: Task, project: Project, options: LandingLog): Promise<void> {
  if (isRemoteProject(project)) return await recoverRemoteTask(ctx, task, project, options);
  const commit = task.landing.landingCommit;
  const target = await targetBranchOf(project);
  const tip = await resolveCommit(project.rootDir, `refs/heads/${target}`);
  if (commit && tip && (await isAncestor(project.rootDir, commit, tip))) {
    if (tip === commit) await finishCheckouts(project.rootDir, target, commit, options.log);
    await settleLanding(ctx, { task, project }, { kind: "landed", commit }, options);
    options.log(`lander: ${task.key} had landed when the server stopped (${commit.slice(0, 12)})`);
    return;
  }
  await writeLanding(ctx, task.id, { landState: "queued", landingCommit: null });
  options.log(
    `lander: ${task.key} was landing when the server stopped; ${target} does not have it, so it is queued again`,
  );
}

/**
 * At start-up, before anything lands: a task left `landing` by a server that stopped (kill -9)
 * is made to agree with its target branch — landed if the ref holds the commit it recorded,
 * queued again otherwise. With `projectId`, that project's only (an instance taking over a
 * project's lease from one that died: the lander).
 */
export async function recoverLandings(ctx: Context, options: LandingLog, projectId?: string): Promise<void> {
  for (const task of await listTasksInLandStates(ctx.database.db, ["landing"])) {
    if (projectId !== undefined && task.projectId !== projectId) continue;
    const project = await findProjectById(ctx.database.db, task.projectId);
    if (!project) continue;
    await recoverTask(ctx, task, project, options).catch((error) =>
      options.log(`lander: could not recover ${task.key}: ${messageOf(error)}`),
    );
  }
}
