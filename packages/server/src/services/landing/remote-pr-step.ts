import { findTaskById, queueLandJob } from "@maestro/db";
import type { LandJobMode, Project, Task } from "@maestro/domain";
import type { Context } from "../../context";
import { inTransaction } from "../unit-of-work";
import { changeLanding } from "./landing-writes";

/** What a PR mode task of a remote project says while a runner is to open its pull request. */
export function remotePrNote(project: Project): string {
  return `waiting for a runner to open its pull request on ${project.settings.targetBranch ?? "the target branch"}`;
}

/** The states a task may be in for a job of each PR mode (anything else: settled meanwhile, not queued). */
const QUEUEABLE: Record<Exclude<LandJobMode, "land">, ReadonlySet<string>> = {
  open_pr: new Set(["queued", "waiting", "landing"]),
  // `queued`: `task land` on a task whose PR was closed asks again whether it is merged now.
  check_pr: new Set(["pr_open", "waiting", "queued"]),
};

/**
 * Hands one step of PR mode to the runners (the server runs no git and no gh for a repository
 * elsewhere): a pull request not opened yet gets an `open_pr` job and the task `landing`; one
 * opened (or waiting on a closed one) gets a `check_pr` job and keeps its state, so it still
 * reads `pr_open`. The lander calls this for `pr_open` tasks only at its `prPollMs` pace.
 */
export async function advanceRemotePullRequest(ctx: Context, task: Task, project: Project): Promise<Task | null> {
  const mode = !task.landing.prUrl && task.landing.landState !== "pr_open" ? "open_pr" : "check_pr";
  return await inTransaction(ctx, async (tx, record) => {
    const current = await findTaskById(tx, task.id);
    if (!current || !QUEUEABLE[mode].has(current.landing.landState)) return current ?? null;
    if (!current.landing.headCommit) {
      const note = `no commit of ${current.landing.branch ?? "its branch"} was reported: run the task again`;
      return await changeLanding(tx, record, task.id, { landing: { landState: "waiting", note } });
    }
    await queueLandJob(tx, { taskId: task.id, projectId: project.id, mode });
    if (mode === "check_pr") return current;
    return await changeLanding(tx, record, task.id, {
      landing: { landState: "landing", note: remotePrNote(project), conflictFiles: [] },
    });
  });
}
