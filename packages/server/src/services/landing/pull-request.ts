import { type Db, listSessions } from "@maestro/db";
import {
  type PrState,
  type Project,
  type Task,
  type TaskLanding,
  openPrByHandNote,
  parsePrView,
  prUrlOfCreate,
} from "@maestro/domain";
import { readyGh, runGh } from "../../git/gh";
import { runGit } from "../../git/run-git";
import type { Context } from "../../context";
import { targetBranchOf } from "./target-branch";

/** The PR's title: the task's key and title. */
export function prTitle(task: Task): string {
  return `${task.key} ${task.title}`;
}

/** The PR's body: the task, its acceptance criteria and what its last session reported. */
export async function prBody(db: Db, task: Task): Promise<string> {
  const [last] = await listSessions(db, { taskId: task.id, limit: 1 });
  const criteria = task.acceptanceCriteria.map((criterion) => `- ${criterion}`).join("\n");
  return [
    task.description.trim(),
    criteria ? `## Acceptance criteria\n\n${criteria}` : "",
    last?.lastReport ? `## Session summary\n\n${last.lastReport}` : "",
    `_Opened by Maestro for ${task.key}._`,
  ]
    .filter(Boolean)
    .join("\n\n");
}

/**
 * PR mode: pushes the task's branch to the project's remote and, where `gh` is installed and
 * logged in, opens the pull request. Returns the landing fields to store (pr_open either way).
 */
export async function openPullRequest(ctx: Context, task: Task, project: Project): Promise<Partial<TaskLanding>> {
  const branch = task.landing.branch!;
  const { remote } = project.settings;
  const target = await targetBranchOf(project);
  await runGit(project.rootDir, ["push", "--porcelain", remote, `refs/heads/${branch}:refs/heads/${branch}`], {
    timeoutMs: 120_000,
  });
  const gh = await readyGh(project.rootDir);
  if (!gh) {
    const note = openPrByHandNote({ branch, target, where: remote, why: "gh is not installed or not logged in" });
    return { landState: "pr_open", prUrl: null, note };
  }
  const title = prTitle(task);
  const args = [
    "pr",
    "create",
    "--base",
    target,
    "--head",
    branch,
    "--title",
    title,
    "--body",
    await prBody(ctx.database.db, task),
  ];
  const created = await runGh(gh, project.rootDir, args);
  const url = prUrlOfCreate(created.stdout);
  if (created.code !== 0 || !url) {
    return {
      landState: "waiting",
      note: `gh pr create failed: ${(created.stderr || created.stdout).trim().slice(0, 500)}`,
    };
  }
  return { landState: "pr_open", prUrl: url, note: null };
}

/** What `gh pr view` says of the task's pull request now. */
export async function readPullRequest(project: Project, url: string): Promise<PrState> {
  const gh = await readyGh(project.rootDir);
  if (!gh) return { kind: "open" };
  const viewed = await runGh(gh, project.rootDir, ["pr", "view", url, "--json", "state,mergeCommit"]);
  if (viewed.code !== 0) return { kind: "open" };
  return parsePrView(viewed.stdout);
}
