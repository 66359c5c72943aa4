import { findProjectById, findTaskById } from "@maestro/db";
import { type Project, type Task, messageOf } from "@maestro/domain";
import type { Context } from "../../context";
import { isAncestor, resolveCommit } from "../../git/refs";
import { runGit } from "../../git/run-git";
import type { LandResult } from "./land-branch";
import { type LandingLog, settleLanding } from "./land-queued";
import { writeLanding } from "./landing-writes";
import { moveTarget } from "./move-target";
import { isRemoteProject } from "./remote-landing";
import { openPullRequest, readPullRequest } from "./pull-request";
import { advanceRemotePullRequest } from "./remote-pr-step";
import { targetBranchOf } from "./target-branch";

/** The remote's target branch, fetched now. */
async function fetchTarget(project: Project, target: string): Promise<string | null> {
  const { remote } = project.settings;
  const tracking = `refs/remotes/${remote}/${target}`;
  await runGit(project.rootDir, ["fetch", "--no-tags", remote, `+refs/heads/${target}:${tracking}`], {
    timeoutMs: 120_000,
  });
  return resolveCommit(project.rootDir, tracking);
}

/**
 * The PR was merged: the local target branch fast-forwards to the remote's (same rules for a
 * checkout of it as a landing), and the task has landed.
 */
async function followMergedPr(
  ctx: Context,
  task: Task,
  project: Project,
  mergeCommit: string | null,
): Promise<LandResult> {
  const target = await targetBranchOf(project);
  const remoteTip = await fetchTarget(project, target);
  if (!remoteTip) return { kind: "waiting", note: `${project.settings.remote} has no branch ${target}` };
  for (let race = 0; race < 5; race++) {
    const localTip = await resolveCommit(project.rootDir, `refs/heads/${target}`);
    const landed = { kind: "landed", commit: mergeCommit ?? remoteTip } as const;
    if (localTip === remoteTip || (localTip && (await isAncestor(project.rootDir, remoteTip, localTip)))) return landed;
    if (!localTip || !(await isAncestor(project.rootDir, localTip, remoteTip))) {
      const note = `the pull request is merged, but local ${target} has commits ${project.settings.remote}/${target} does not: pull or push them, then run maestro task land ${task.key}`;
      return { kind: "waiting", note };
    }
    const change = {
      repo: project.rootDir,
      target,
      from: localTip,
      to: remoteTip,
      reason: `maestro: ${task.key} merged`,
    };
    const moved = await moveTarget(change, () =>
      writeLanding(ctx, task.id, { landState: "landing", landingCommit: remoteTip }),
    );
    if (moved.kind === "moved") return landed;
    if (moved.kind === "waiting") return moved;
  }
  return { kind: "waiting", note: `${target} kept moving; it is tried again` };
}

/** Whether the task's head is on the remote's target (a merge done without gh watching). */
async function isMergedRemotely(project: Project, task: Task): Promise<boolean> {
  const head = task.landing.headCommit ?? (await resolveCommit(project.rootDir, `refs/heads/${task.landing.branch!}`));
  const remoteTip = await fetchTarget(project, await targetBranchOf(project));
  return Boolean(head && remoteTip && (await isAncestor(project.rootDir, head, remoteTip)));
}

async function stepPr(ctx: Context, task: Task, project: Project, options: LandingLog): Promise<Task | null> {
  const { landing } = task;
  if (!landing.prUrl && landing.landState !== "pr_open") {
    return writeLanding(ctx, task.id, await openPullRequest(ctx, task, project));
  }
  if (!landing.prUrl) {
    if (!(await isMergedRemotely(project, task))) return task;
    return await settleLanding(ctx, { task, project }, await followMergedPr(ctx, task, project, null), options);
  }
  const pr = await readPullRequest(project, landing.prUrl);
  if (pr.kind === "open") {
    return landing.landState === "pr_open" ? task : writeLanding(ctx, task.id, { landState: "pr_open", note: null });
  }
  if (pr.kind === "closed") {
    return writeLanding(ctx, task.id, {
      landState: "waiting",
      note: `the pull request ${landing.prUrl} was closed without merging`,
    });
  }
  return await settleLanding(ctx, { task, project }, await followMergedPr(ctx, task, project, pr.commit), options);
}

/** One step of PR mode for a task the caller holds the project's lock for: open, or follow the PR. */
export async function advancePullRequest(ctx: Context, taskId: string, options: LandingLog): Promise<Task | null> {
  const task = await findTaskById(ctx.database.db, taskId);
  const project = task && (await findProjectById(ctx.database.db, task.projectId));
  if (!task || !project || !task.landing.branch) return task ?? null;
  // Its repository is elsewhere: a runner opens and follows the pull request, never git here.
  if (isRemoteProject(project)) return await advanceRemotePullRequest(ctx, task, project);
  try {
    return await stepPr(ctx, task, project, options);
  } catch (error) {
    options.log(`lander: ${task.key}: ${messageOf(error)}`);
    return writeLanding(ctx, task.id, { landState: "waiting", note: messageOf(error), landingCommit: null });
  }
}
