import { listSessions } from "@maestro/db";
import { type Project, type Task, isSessionLive } from "@maestro/domain";
import type { Context } from "../../context";
import { type WorktreeRef, removeWorktree } from "./remove-worktree";
import { isRemoteProject } from "./remote-landing";
import { targetBranchOf } from "./target-branch";

/** The worktrees the task's sessions worked in (one per attempt), and whether an agent is in one now. */
export async function worktreesOfTask(ctx: Context, taskId: string): Promise<(WorktreeRef & { isLive: boolean })[]> {
  const byPath = new Map<string, WorktreeRef & { isLive: boolean }>();
  for (const session of await listSessions(ctx.database.db, { taskId, limit: 1_000 })) {
    if (!session.worktreePath) continue;
    const known = byPath.get(session.worktreePath);
    const isLive = (known?.isLive ?? false) || isSessionLive(session.status);
    byPath.set(session.worktreePath, { path: session.worktreePath, branch: session.branch, isLive });
  }
  return [...byPath.values()];
}

/**
 * After the task landed (or was cancelled): removes its worktrees and merged branches, keeping
 * any that hold work not landed. Returns what was kept and why, for the log.
 */
export async function cleanUpTaskWorktrees(ctx: Context, task: Task, project: Project): Promise<string[]> {
  // A repository elsewhere: the runner that landed it removes its own worktree and the remote branch.
  if (isRemoteProject(project)) return [];
  const target = await targetBranchOf(project).catch(() => null);
  const landedHeads = task.landing.landState === "landed" && task.landing.headCommit ? [task.landing.headCommit] : [];
  const kept: string[] = [];
  for (const worktree of await worktreesOfTask(ctx, task.id)) {
    if (worktree.isLive) continue;
    const reason = await removeWorktree(project.rootDir, worktree, { target, landedHeads, force: false });
    if (reason) kept.push(`${worktree.path} kept: ${reason}`);
  }
  return kept;
}
