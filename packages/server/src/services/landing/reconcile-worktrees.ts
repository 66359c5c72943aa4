import { existsSync } from "node:fs";
import { listProjects, listSessions } from "@maestro/db";
import { type Project, isSessionEnded, messageOf } from "@maestro/domain";
import type { Context } from "../../context";
import { resolveCommit } from "../../git/refs";
import { keepWorktreesFolder } from "../../git/keep-worktrees-folder";
import { runGit } from "../../git/run-git";
import { changeSession } from "../session/session-writes";
import { inTransaction } from "../unit-of-work";
import { isRemoteProject } from "./remote-landing";

/**
 * An ended session whose worktree folder and branch are both gone can never be reopened there:
 * it forgets them, so continuing it starts a fresh worktree instead of failing. One whose
 * branch is still there keeps them (the runner re-adds the folder from the branch).
 */
async function forgetVanishedWorktrees(ctx: Context, project: Project): Promise<number> {
  let forgotten = 0;
  for (const session of await listSessions(ctx.database.db, { projectId: project.id, limit: 100_000 })) {
    if (!session.worktreePath || !isSessionEnded(session.status) || existsSync(session.worktreePath)) continue;
    if (session.branch && (await resolveCommit(project.rootDir, `refs/heads/${session.branch}`))) continue;
    await inTransaction(
      ctx,
      async (tx, record) => await changeSession(tx, record, session, { worktreePath: null, branch: null }),
    );
    forgotten++;
  }
  return forgotten;
}

/**
 * At start-up: git forgets worktrees whose folder is gone (`git worktree prune`), and sessions
 * forget worktrees that can no longer be reopened. Nothing on disk is removed.
 */
export async function reconcileWorktrees(ctx: Context, log: (line: string) => void): Promise<void> {
  for (const project of await listProjects(ctx.database.db)) {
    // A repository elsewhere: its worktrees are the runners' (in their own clones), none here.
    if (project.settings.worktreeMode === "off" || isRemoteProject(project) || !existsSync(project.rootDir)) continue;
    try {
      await keepWorktreesFolder(project.rootDir);
      await runGit(project.rootDir, ["worktree", "prune"]);
      const forgotten = await forgetVanishedWorktrees(ctx, project);
      if (forgotten > 0) log(`worktrees: ${forgotten} session(s) of ${project.key} pointed at worktrees that are gone`);
    } catch (error) {
      log(`worktrees: ${project.key}: ${messageOf(error)}`);
    }
  }
}
