import { DomainError, type TaskDiff, type TaskDiffInput, type TaskLanding } from "@maestro/domain";
import type { z } from "zod";
import { GitError, runGit } from "../../git/run-git";
import { requireProject } from "../project/resolve-project";
import { assertMayReadProject } from "../session/session-access";
import { requireTask } from "../task/task-rules";
import type { VerbArgs } from "../unit-of-work";
import { diffFiles, diffPatch } from "./git-diff";
import { isRemoteProject } from "./remote-landing";
import { requireReportedDiff } from "./reported-diff";

/**
 * What a task's branch changes: against its merge base with the target branch while it is in
 * flight, and as it landed (base commit to reviewed head) once it has; a remote project's, as
 * its runner reported it.
 */
export async function taskDiff({ ctx, input }: VerbArgs<z.output<typeof TaskDiffInput>>): Promise<TaskDiff> {
  const task = await requireTask(ctx.database.db, input.id);
  assertMayReadProject(ctx, task.projectId);
  const { landing } = task;
  if (!landing.branch) {
    throw new DomainError("INVALID_TRANSITION", `${task.key} has no branch yet: its work starts in a worktree`, {
      field: "id",
    });
  }
  const project = await requireProject(ctx.database.db, task.projectId);
  if (isRemoteProject(project)) {
    const reported = await requireReportedDiff(ctx.database.db, task);
    const { base, head, files } = reported;
    const patch = input.stat ? null : reported.patch;
    return {
      taskId: task.id,
      branch: landing.branch,
      base,
      head,
      files,
      patch,
      isTruncated: patch !== null && reported.isTruncated,
    };
  }
  const { base, head } = await diffEnds(project.rootDir, landing, project.settings.targetBranch);
  const files = await diffFiles(project.rootDir, base, head);
  const patch = input.stat ? null : await diffPatch(project.rootDir, base, head);
  return {
    taskId: task.id,
    branch: landing.branch,
    base,
    head,
    files,
    patch: patch?.patch ?? null,
    isTruncated: patch?.isTruncated ?? false,
  };
}

async function diffEnds(
  repo: string,
  landing: TaskLanding,
  target: string | null,
): Promise<{ base: string; head: string }> {
  if (landing.landState === "landed" && landing.baseCommit && landing.headCommit) {
    return { base: landing.baseCommit, head: landing.headCommit };
  }
  const head = await branchTip(repo, landing.branch!);
  const against = target ?? landing.baseCommit;
  if (!against) return { base: landing.baseCommit ?? head, head };
  const base = (await runGit(repo, ["merge-base", against, head])).stdout.trim();
  return { base, head };
}

async function branchTip(repo: string, branch: string): Promise<string> {
  try {
    return (await runGit(repo, ["rev-parse", "--verify", "--end-of-options", `${branch}^{commit}`])).stdout.trim();
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    throw new DomainError("NOT_FOUND", `branch ${branch} is not in the repository any more`, { field: "id" });
  }
}
