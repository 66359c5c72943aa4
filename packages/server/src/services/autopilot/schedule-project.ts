import type { Db } from "@maestro/db";
import { type Project, StartSessionInput, type Task, messageOf, statusTimestamps } from "@maestro/domain";
import type { Context } from "../../context";
import { queueSession } from "../session/start-session";
import { changeTask } from "../task/task-writes";
import { type RecordEvent, inSavepoint } from "../unit-of-work";
import { planProject } from "./plan";

export interface ScheduleProjectArgs {
  ctx: Context;
  /** The caller's transaction (a pass's own, or the change that made something ready). */
  tx: Db;
  record: RecordEvent;
  project: Project;
  now: number;
  log: (line: string) => void;
  /**
   * What to do with a task that cannot be launched as configured: fail it (a pass), or leave it
   * for the next pass (scheduling inside another change, which must not fail because of it).
   */
  onUnlaunchable: "fail" | "skip";
}

/** A parent whose subtasks are all done is done. */
async function completeParent(args: ScheduleProjectArgs, task: Task): Promise<void> {
  const at = new Date(args.now).toISOString();
  const patch = { status: "done" as const, ...statusTimestamps(task.status, "done", task, at) };
  await changeTask(args.tx, args.record, task, patch, ["status"]);
}

/** Queues a session for the task in a savepoint; the reason it cannot be launched, or null. */
async function queueTask(args: ScheduleProjectArgs, task: Task, agent: string): Promise<string | null> {
  const { ctx, tx, record, project } = args;
  const input = StartSessionInput.parse({
    taskIds: [task.id],
    agent,
    worktree: project.settings.worktreeMode === "per_task",
  });
  try {
    await inSavepoint(tx, record, (savepoint, recordInSavepoint) =>
      queueSession({ ctx, tx: savepoint, record: recordInSavepoint, input }),
    );
    return null;
  } catch (error) {
    return messageOf(error);
  }
}

/**
 * A task that cannot be launched as configured (no such executable, no git for a worktree…)
 * fails now rather than being tried again on every pass.
 */
async function failUnlaunchable(args: ScheduleProjectArgs, task: Task, reason: string): Promise<void> {
  args.log(`autopilot: could not start ${task.key}: ${reason}`);
  const patch = { status: "failed" as const, failedAttempts: task.failedAttempts + 1, retryAt: null };
  await changeTask(args.tx, args.record, task, patch, ["status", "failedAttempts"]);
}

/**
 * One project's share of a pass, inside the caller's transaction: closes parents whose subtasks
 * are done, then queues what the planner picked, each in a savepoint. Returns when to look again.
 */
export async function scheduleProject(args: ScheduleProjectArgs): Promise<number | null> {
  const { plan, tasks } = await planProject(args.tx, args.project, args.ctx, args.now, "frontier");
  args.ctx.metrics?.setQueueDepth(args.project.key, plan.queue.length);
  const byId = new Map(tasks.map((task) => [task.id, task]));
  for (const id of plan.complete) await completeParent(args, byId.get(id)!);
  for (const { taskId, agent } of plan.start) {
    const task = byId.get(taskId)!;
    const failure = await queueTask(args, task, agent);
    if (failure !== null && args.onUnlaunchable === "fail") await failUnlaunchable(args, task, failure);
  }
  return plan.wakeAt;
}
