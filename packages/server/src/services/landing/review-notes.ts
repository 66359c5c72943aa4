import type { Db } from "@maestro/db";
import {
  type DiffFile,
  DomainError,
  type LineComment,
  type Project,
  type ReviewNote,
  type Task,
  hunkAround,
  parseHunks,
} from "@maestro/domain";
import { runGit } from "../../git/run-git";
import { diffFiles, diffPatch } from "./git-diff";
import { isRemoteProject } from "./remote-landing";
import { requireReportedDiff } from "./reported-diff";

/**
 * The line comments of a review with the hunk of the task's diff each one sits in (the diff of
 * its reviewed commit against its merge base with the target). A comment on a file the diff
 * does not change is refused, naming it.
 */
export async function reviewNotes(
  db: Db,
  { project, task }: { project: Project; task: Task },
  comments: readonly LineComment[],
): Promise<ReviewNote[]> {
  if (comments.length === 0) return [];
  const { files, patch } = isRemoteProject(project)
    ? await requireReportedDiff(db, task)
    : await gitDiff(project, task);
  const changed = new Set(files.map((file) => file.path));
  comments.forEach((comment, index) => {
    if (changed.has(comment.file)) return;
    throw new DomainError("INVALID_INPUT", `${comment.file} is not changed by ${task.key}'s diff`, {
      field: `comments.${index}.file`,
    });
  });
  const hunks = parseHunks(patch);
  return comments.map((comment) => ({ ...comment, hunk: hunkAround(hunks, comment.file, comment.line) }));
}

/** The task's reviewed commit against its merge base, from the project's repository. */
async function gitDiff(project: Project, task: Task): Promise<{ files: DiffFile[]; patch: string }> {
  const head = task.landing.headCommit!;
  const base = await mergeBase(project, task, head);
  return {
    files: await diffFiles(project.rootDir, base, head),
    patch: (await diffPatch(project.rootDir, base, head)).patch,
  };
}

/**
 * Where the diff starts: the merge base with the target branch, else with the commit the branch
 * was cut from (the project's HEAD when neither is known).
 */
async function mergeBase(project: Project, task: Task, head: string): Promise<string> {
  const against = project.settings.targetBranch ?? task.landing.baseCommit ?? "HEAD";
  return (await runGit(project.rootDir, ["merge-base", against, head])).stdout.trim();
}
