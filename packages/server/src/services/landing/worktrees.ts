import { listProjects } from "@maestro/db";
import {
  type ListWorktreesInput,
  type Page,
  type Project,
  type PruneResult,
  type PruneWorktreesInput,
  type WorktreeInfo,
  compareNames,
  toPage,
} from "@maestro/domain";
import type { z } from "zod";
import { keepWorktreesFolder } from "../../git/keep-worktrees-folder";
import { runGit } from "../../git/run-git";
import { requireProject } from "../project/resolve-project";
import type { VerbArgs } from "../unit-of-work";
import { withProjectLock } from "./landing-lock";
import { isRemoteProject } from "./remote-landing";
import { removeWorktree } from "./remove-worktree";
import { projectWorktrees } from "./worktree-info";

async function projectsOf(ctx: VerbArgs<unknown>["ctx"], projectId: string | undefined): Promise<Project[]> {
  return projectId ? [await requireProject(ctx.database.db, projectId)] : await listProjects(ctx.database.db);
}

/**
 * One page of the worktrees Maestro made, by path, with what each still holds; each project
 * describes at most a page's worth (describing one runs git in it).
 */
export async function listWorktrees({
  ctx,
  input,
}: VerbArgs<z.output<typeof ListWorktreesInput>>): Promise<Page<WorktreeInfo>> {
  const page = { limit: input.limit + 1, after: input.cursor ?? undefined };
  const lists = await Promise.all(
    (await projectsOf(ctx, input.projectId)).map(async (project) => await projectWorktrees(ctx, project, page)),
  );
  const fetched = lists
    .flat()
    .map((worktree) => worktree.info)
    .sort((a, b) => compareNames(a.path, b.path));
  return toPage(fetched, input.limit, (last) => last.path);
}

/**
 * Removes worktrees whose work has landed (or all, with force — never one an agent works in),
 * and their branches; a dry run only says what it would do.
 */
export async function pruneWorktrees({
  ctx,
  input,
}: VerbArgs<z.output<typeof PruneWorktreesInput>>): Promise<PruneResult> {
  const result: PruneResult = { removed: [], kept: [], isDryRun: input.dryRun };
  for (const project of await projectsOf(ctx, input.projectId)) {
    await withProjectLock(ctx.database, project.id, async () => {
      for (const { info, policy, isLive } of await projectWorktrees(ctx, project)) {
        if (isLive || (!info.isPrunable && !input.force)) {
          result.kept.push({ path: info.path, reason: info.reason ?? "it holds work" });
          continue;
        }
        if (input.dryRun) {
          result.removed.push(info.path);
          continue;
        }
        const reason = await removeWorktree(project.rootDir, info, { ...policy, force: input.force });
        if (reason) result.kept.push({ path: info.path, reason });
        else result.removed.push(info.path);
      }
      if (!input.dryRun && !isRemoteProject(project)) {
        await keepWorktreesFolder(project.rootDir)
          .then(() => runGit(project.rootDir, ["worktree", "prune"]))
          .catch(() => undefined);
      }
    });
  }
  return result;
}
