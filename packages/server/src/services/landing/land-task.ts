import { findProjectById, listTaskChecks } from "@maestro/db";
import { DomainError, type LandTaskInput, type Project, type Task, listFilesBriefly } from "@maestro/domain";
import type { Context } from "../../context";
import { requireTask } from "../task/task-rules";
import type { VerbArgs } from "../unit-of-work";
import { stepTask } from "./step-task";
import { waitWhileJobQueued, waitWhileLanding } from "./await-remote-landing";
import { writeLanding } from "./landing-writes";
import { isRemoteProject } from "./remote-landing";

function refuse(message: string): never {
  throw new DomainError("INVALID_TRANSITION", message, { field: "id" });
}

/** Why the task cannot land at all now, or nothing: said before anything is tried. */
async function assertLandable(ctx: Context, task: Task, project: Project): Promise<void> {
  const { landing } = task;
  if (!landing.branch) refuse(`${task.key} has no branch to land: its work did not run in a worktree`);
  if (landing.landState === "landed") refuse(`${task.key} has already landed (${landing.landedCommit?.slice(0, 12)})`);
  if (task.status === "cancelled") refuse(`${task.key} is cancelled: reopen it before landing its work`);
  if (landing.checksState === "running") refuse(`${task.key}'s checks are still running`);
  if (landing.checksState === "failed") {
    const failed = (await listTaskChecks(ctx.database.db, task.id)).findLast((check) => check.status === "failed");
    refuse(`${task.key}'s checks failed${failed ? `: ${failed.command} exited with ${failed.exitCode}` : ""}`);
  }
  if (project.settings.landPolicy === "manual" && landing.reviewState !== "approved") {
    refuse(
      `${task.key} is not approved (review: ${landing.reviewState}): approve it with maestro task review ${task.key} --approve`,
    );
  }
}

/** What the attempt came to, as an error when it did not land (the state is already stored). */
function assertLanded(task: Task, wasPrOpen: boolean): void {
  const { landing } = task;
  switch (landing.landState) {
    case "landed":
      return;
    case "pr_open":
      // In PR mode opening the pull request is what `task land` does; asked again, it is not merged yet.
      if (!wasPrOpen) return;
      return refuse(
        `${task.key}'s pull request ${landing.prUrl ?? `(${landing.note ?? "not opened"})`} is not merged yet`,
      );
    case "conflict":
      return refuse(
        `${task.key} conflicts with its target branch in ${listFilesBriefly(landing.conflictFiles)}: resolve it with maestro task resolve ${task.key}`,
      );
    case "waiting":
      return refuse(`${task.key} cannot land yet: ${landing.note ?? "it waits"}`);
    default:
      return refuse(`${task.key} did not land (${landing.landState}${landing.note ? `: ${landing.note}` : ""})`);
  }
}

/**
 * Lands the task's branch now (in PR mode: pushes it and opens the PR), or says exactly why it
 * cannot. A remote project's task is handed to the runners and waited for (REMOTE_LAND_WAIT_MS).
 */
export async function landTask({ ctx, input }: VerbArgs<LandTaskInput>): Promise<Task> {
  const task = await requireTask(ctx.database.db, input.id);
  const project = (await findProjectById(ctx.database.db, task.projectId))!;
  await assertLandable(ctx, task, project);
  const isRemote = isRemoteProject(project);
  // A remote task already `landing` has its job with the runners: it is waited for, not queued again.
  const isWithRunners = isRemote && task.landing.landState === "landing";
  if (!isWithRunners && task.landing.landState !== "queued" && task.landing.landState !== "pr_open") {
    await writeLanding(ctx, task.id, { landState: "queued", note: null, conflictFiles: [] });
  }
  let after = await stepTask(ctx, task, () => {});
  if (after && isRemote && after.landing.landState === "landing") after = await waitWhileLanding(ctx, task.id);
  // PR mode: a runner checks on the pull request (check_pr); its answer is what this says.
  const isPrChecked = after?.landing.landState !== "landing" && after?.landing.landState !== "landed";
  if (after && isRemote && project.settings.landPolicy === "pr" && isPrChecked) {
    after = await waitWhileJobQueued(ctx, task.id);
  }
  if (!after) throw new DomainError("NOT_FOUND", `task ${input.id} was deleted while landing`, { field: "id" });
  if (isRemote && after.landing.landState === "landing") {
    refuse(
      project.settings.landPolicy === "pr"
        ? `${task.key} is queued for a runner to open its pull request on ${project.settings.targetBranch}, and no runner has yet: it stays queued (maestro task show ${task.key} follows it)`
        : `${task.key} is queued for a runner to land it on ${project.settings.targetBranch}, and no runner has landed it yet: it stays queued (maestro task show ${task.key} follows it)`,
    );
  }
  assertLanded(after, task.landing.landState === "pr_open");
  return after;
}
