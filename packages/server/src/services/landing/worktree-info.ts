import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { findTaskById, listSessions, listTasksInLandStates } from "@maestro/db";
import {
  type Project,
  type Session,
  type WorktreeInfo,
  compareNames,
  currentTaskIdOf,
  isSessionLive,
} from "@maestro/domain";
import type { Context } from "../../context";
import { dirtyFiles } from "../../git/checkout-status";
import { countCommitsNotIn, resolveCommit } from "../../git/refs";
import { listGitWorktrees } from "../../git/worktree-list";
import { directorySize } from "./directory-size";
import { isRemoteProject } from "./remote-landing";
import { type RemovalPolicy, whyKeep } from "./remove-worktree";
import { targetBranchOf } from "./target-branch";

export interface ProjectWorktree {
  info: WorktreeInfo;
  policy: RemovalPolicy;
  isLive: boolean;
}

function pickPage<T>(entries: Array<[string, T]>, page?: { limit: number; after?: string }): Array<[string, T]> {
  if (!page) return entries;
  const after = page.after;
  return entries
    .filter(([path]) => after === undefined || compareNames(path, after) > 0)
    .sort(([a], [b]) => compareNames(a, b))
    .slice(0, page.limit);
}

/** The newest session per worktree path of the project. */
async function sessionsByPath(ctx: Context, project: Project): Promise<Map<string, Session>> {
  const byPath = new Map<string, Session>();
  for (const session of await listSessions(ctx.database.db, { projectId: project.id, limit: 100_000 })) {
    if (session.worktreePath && !byPath.has(session.worktreePath)) byPath.set(session.worktreePath, session);
  }
  return byPath;
}

async function describeWorktree(
  ctx: Context,
  worktree: { path: string; branch: string | null; session: Session | undefined; project: Project },
  policy: RemovalPolicy,
): Promise<ProjectWorktree> {
  const { path, branch, session, project } = worktree;
  const taskId = session ? (currentTaskIdOf(session) ?? null) : null;
  const isLive = session ? isSessionLive(session.status) : false;
  const isThere = existsSync(path);
  const tip = branch ? await resolveCommit(project.rootDir, `refs/heads/${branch}`) : null;
  const targetTip = policy.target ? await resolveCommit(project.rootDir, `refs/heads/${policy.target}`) : null;
  const reason = isLive ? "an agent is working in it" : await whyKeep(project.rootDir, { path, branch }, policy);
  return {
    info: {
      path,
      projectId: project.id,
      taskId,
      taskKey: taskId ? ((await findTaskById(ctx.database.db, taskId))?.key ?? null) : null,
      branch,
      dirtyFiles: isThere ? await dirtyFiles(path) : [],
      commitsNotLanded: tip && targetTip ? await countCommitsNotIn(project.rootDir, tip, targetTip) : 0,
      sizeBytes: isThere ? await directorySize(path) : 0,
      isPrunable: reason === null,
      reason,
    },
    policy,
    isLive,
  };
}

/**
 * A worktree removed while it was being described (the lander cleans up right after a landing,
 * without the caller's lock) is left out: git cannot run in a folder that is gone.
 */
async function describeIfThere(...args: Parameters<typeof describeWorktree>): Promise<ProjectWorktree | null> {
  try {
    return await describeWorktree(...args);
  } catch (error) {
    if (existsSync(args[1].path)) throw error;
    return null;
  }
}

/**
 * The worktrees Maestro made for the project: its sessions' and any on a `maestro/` branch. With
 * a page, only the first `limit` by path (code-point order) after `after` are described.
 */
export async function projectWorktrees(
  ctx: Context,
  project: Project,
  page?: { limit: number; after?: string },
): Promise<ProjectWorktree[]> {
  // A repository elsewhere: its worktrees live on the runners' machines, none is here to describe.
  if (isRemoteProject(project) || !existsSync(project.rootDir)) return [];
  const sessions = await sessionsByPath(ctx, project);
  const git = await listGitWorktrees(project.rootDir).catch(() => []);
  const paths = new Map<string, string | null>();
  for (const worktree of git) {
    if (resolve(worktree.path) === resolve(project.rootDir)) continue;
    if (sessions.has(worktree.path) || worktree.branch?.startsWith("maestro/")) {
      paths.set(worktree.path, worktree.branch);
    }
  }
  for (const [path, session] of sessions) if (!paths.has(path) && existsSync(path)) paths.set(path, session.branch);
  const landedHeads = (await listTasksInLandStates(ctx.database.db, ["landed"]))
    .filter((task) => task.projectId === project.id && task.landing.headCommit)
    .map((task) => task.landing.headCommit!);
  const target = await targetBranchOf(project).catch(() => null);
  const policy: RemovalPolicy = { target, landedHeads, force: false };
  const described = await Promise.all(
    pickPage([...paths], page).map(([path, branch]) =>
      describeIfThere(ctx, { path, branch, session: sessions.get(path), project }, policy),
    ),
  );
  return described.filter((worktree) => worktree !== null);
}
