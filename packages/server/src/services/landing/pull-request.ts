import { listSessions } from "@maestro/db";
import type { Project, Task, TaskLanding } from "@maestro/domain";
import { readyGh, runGh } from "../../git/gh";
import { runGit } from "../../git/run-git";
import type { Context } from "../../context";
import { targetBranchOf } from "./target-branch";

/** The PR's body: the task, its acceptance criteria and what its last session reported. */
async function prBody(ctx: Context, task: Task): Promise<string> {
  const [last] = await listSessions(ctx.database.db, { taskId: task.id, limit: 1 });
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
    const note =
      `pushed ${branch} to ${remote}; gh is not installed or not logged in, so open the pull request yourself: ` +
      `gh pr create --base ${target} --head ${branch} (or your forge's page for ${remote}); ` +
      "the task is done once it is merged and landed with `maestro task land`";
    return { landState: "pr_open", prUrl: null, note };
  }
  const title = `${task.key} ${task.title}`;
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
    await prBody(ctx, task),
  ];
  const created = await runGh(gh, project.rootDir, args);
  const url = created.stdout.trim().split("\n").pop()?.trim() ?? "";
  if (created.code !== 0 || !/^https?:\/\//.test(url)) {
    return {
      landState: "waiting",
      note: `gh pr create failed: ${(created.stderr || created.stdout).trim().slice(0, 500)}`,
    };
  }
  return { landState: "pr_open", prUrl: url, note: null };
}

export type PrState = { kind: "open" } | { kind: "merged"; commit: string | null } | { kind: "closed" };

/** What `gh pr view` says of the task's pull request now. */
export async function readPullRequest(project: Project, url: string): Promise<PrState> {
  const gh = await readyGh(project.rootDir);
  if (!gh) return { kind: "open" };
  const viewed = await runGh(gh, project.rootDir, ["pr", "view", url, "--json", "state,mergeCommit"]);
  if (viewed.code !== 0) return { kind: "open" };
  const parsed = JSON.parse(viewed.stdout) as { state?: string; mergeCommit?: { oid?: string } | null };
  if (parsed.state === "MERGED") return { kind: "merged", commit: parsed.mergeCommit?.oid ?? null };
  return parsed.state === "CLOSED" ? { kind: "closed" } : { kind: "open" };
}
