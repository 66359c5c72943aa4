import { findProjectById, listTaskChecks } from "@maestro/db";
import { DomainError, type LandTaskInput, type Project, type Task, listFilesBriefly } from "@maestro/domain";
import type { Context } from "../../context";
import { requireTask } from "../task/task-rules";
import type { VerbArgs } from "../unit-of-work";
import { stepTask } from "./step-task";
import { waitWhileIn, waitWhileJobQueued, waitWhileLanding } from "./await-remote-landing";
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

/** How long `task land` waits for the instance holding the project's lease to land the task. */
export const HANDED_OVER_WAIT_MS = 60_000;

type Stepped = { after: Task | null; isHandedOver: boolean };

/** Queues the task to be tried now (it may wait, conflict, …); one in PR mode with its PR open is asked about. */
async function queueAgain(ctx: Context, task: Task): Promise<void> {
  const { landState } = task.landing;
  if (landState === "queued" || landState === "pr_open") return;
  await writeLanding(ctx, task.id, { landState: "queued", note: null, conflictFiles: [] });
}

/** A remote project's task goes to the runners (any instance queues its land job), and is waited for. */
async function stepRemote(ctx: Context, task: Task, project: Project): Promise<Stepped> {
  // A task already `landing` has its job with the runners: it is waited for, not queued again.
  if (task.landing.landState !== "landing") await queueAgain(ctx, task);
  let after = await stepTask(ctx, task, { log: () => {} });
  if (after?.landing.landState === "landing") after = await waitWhileLanding(ctx, task.id);
  // PR mode: a runner checks on the pull request (check_pr); its answer is what this says.
  const isPrChecked = after !== null && !["landing", "landed"].includes(after.landing.landState);
  if (after && project.settings.landPolicy === "pr" && isPrChecked) after = await waitWhileJobQueued(ctx, task.id);
  return { after, isHandedOver: false };
}

/**
 * Lands here, or has the instance holding the project's lease land it (several instances on one
 * PostgreSQL database): this one lands only under the lease, taken when free; while another live
 * instance holds it, the task (queued) is its lander's, woken by the task's event, and waited for.
 * The lease is taken before the task is queued: queuing wakes every instance's lander.
 */
async function stepOrHandOver(ctx: Context, task: Task): Promise<Stepped> {
  const leases = ctx.landingLeases;
  if (!leases) {
    await queueAgain(ctx, task);
    return { after: await stepTask(ctx, task, { log: () => {} }), isHandedOver: false };
  }
  let after = null as Task | null;
  const isTaken = await leases.whileHeld(ctx, task.projectId, async (term) => {
    await queueAgain(ctx, task);
    after = await stepTask(ctx, task, { log: () => {}, fence: term.fence });
  });
  if (!isTaken) await queueAgain(ctx, task);
  // Still queued under a lease taken: it was lost before the ref moved, and its new holder lands it.
  if (isTaken && after?.landing.landState !== "queued") return { after, isHandedOver: false };
  const waited = await waitWhileIn(ctx, task.id, { states: ["queued", "landing"], timeoutMs: HANDED_OVER_WAIT_MS });
  return { after: waited, isHandedOver: true };
}

/** Someone else lands it (the runners, another instance) and has not yet: said so, and it stays queued. */
function assertNotPending(task: Task, project: Project, isHandedOver: boolean): void {
  const { landState } = task.landing;
  const follow = `it stays queued (maestro task show ${task.key} follows it)`;
  if (isRemoteProject(project) && landState === "landing") {
    const { landPolicy, targetBranch } = project.settings;
    refuse(
      landPolicy === "pr"
        ? `${task.key} is queued for a runner to open its pull request on ${targetBranch}, and no runner has yet: ${follow}`
        : `${task.key} is queued for a runner to land it on ${targetBranch}, and no runner has landed it yet: ${follow}`,
    );
  }
  if (isHandedOver && (landState === "queued" || landState === "landing")) {
    refuse(
      `${task.key} is queued for the instance holding ${project.key}'s lease to land it, and it has not landed it yet: ${follow}`,
    );
  }
}

/**
 * Lands the task's branch now (in PR mode: pushes it and opens the PR), or says exactly why it
 * cannot. A remote project's task is handed to the runners and waited for (REMOTE_LAND_WAIT_MS);
 * under another instance's lease, to that instance's lander (HANDED_OVER_WAIT_MS).
 */
export async function landTask({ ctx, input }: VerbArgs<LandTaskInput>): Promise<Task> {
  const task = await requireTask(ctx.database.db, input.id);
  const project = (await findProjectById(ctx.database.db, task.projectId))!;
  await assertLandable(ctx, task, project);
  const isRemote = isRemoteProject(project);
  const { after, isHandedOver } = isRemote ? await stepRemote(ctx, task, project) : await stepOrHandOver(ctx, task);
  if (!after) throw new DomainError("NOT_FOUND", `task ${input.id} was deleted while landing`, { field: "id" });
  assertNotPending(after, project, isHandedOver);
  assertLanded(after, task.landing.landState === "pr_open");
  return after;
}
