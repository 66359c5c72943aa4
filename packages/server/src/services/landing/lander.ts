import { findProjectById, findTaskById, listTasksInLandStates } from "@maestro/db";
import { type MaestroEvent, type Task, messageOf } from "@maestro/domain";
import type { Context } from "../../context";
import { holdForSubtasks } from "./land-order";
import { attemptLanding } from "./land-queued";
import { withProjectLock } from "./landing-lock";
import { advancePullRequest } from "./pr-step";
import { recoverLandings } from "./recover-landings";
import { cleanUpTaskWorktrees } from "./task-worktrees";

export interface Lander {
  /** Looks at the queue soon (coalesced). */
  poke(): void;
  /** Stops, and resolves once the landing in progress (if any) has finished. */
  stop(): Promise<void>;
}

export interface LanderOptions {
  log: (line: string) => void;
  /** How often tasks that wait (a dirty checkout) are tried again (default 1 s). */
  pollMs?: number;
  /** How often open pull requests are asked about (default 30 s). */
  prPollMs?: number;
}

/** Landing states the lander acts on (another step may have settled the task while it queued for the lock). */
const STEPPED_STATES = new Set<string>(["queued", "waiting", "pr_open"]);

/** One step for one task, under its project's lock: land it, or move its pull request along. */
export function stepTask(ctx: Context, task: Task, log: (line: string) => void): Promise<Task | null> {
  return withProjectLock(ctx.database, task.projectId, () => {
    const current = findTaskById(ctx.database.db, task.id);
    if (!current || current.status === "cancelled" || !STEPPED_STATES.has(current.landing.landState)) {
      return Promise.resolve(current ?? null);
    }
    const held = holdForSubtasks(ctx, current);
    if (held) return Promise.resolve(held);
    const project = findProjectById(ctx.database.db, current.projectId);
    if (project?.settings.landPolicy === "pr") return advancePullRequest(ctx, current.id, { log });
    return attemptLanding(ctx, current.id, { log });
  });
}

/** Events after which the queue may hold something new: a task's landing or status changed. */
function isLanderEvent(event: MaestroEvent): boolean {
  if (event.kind === "project.updated") return true;
  return (
    event.kind === "task.updated" && event.payload.changed.some((field) => field === "landing" || field === "status")
  );
}

/**
 * The lander: lands queued tasks one at a time per project (projects side by side), woken by
 * task events, and polls what waits (a dirty checkout, an open pull request). Its state is the
 * database's; at start it first makes any landing a crash interrupted agree with the ref.
 */
export function startLander(ctx: Context, options: LanderOptions): Lander {
  const log = options.log;
  let isStopped = false;
  let isPending = false;
  let running: Promise<void> = recoverLandings(ctx, { log }).catch((error) => log(`lander: ${messageOf(error)}`));
  let lastPrPoll = 0;
  let pollDue = true;

  async function pass(): Promise<void> {
    isPending = false;
    const now = Date.now();
    const isPrDue = now - lastPrPoll >= (options.prPollMs ?? 30_000);
    if (isPrDue) lastPrPoll = now;
    const states = [
      "queued",
      ...(pollDue ? (["waiting"] as const) : []),
      ...(isPrDue ? (["pr_open"] as const) : []),
    ] as const;
    pollDue = false;
    const byProject = new Map<string, Task[]>();
    for (const task of listTasksInLandStates(ctx.database.db, [...states])) {
      byProject.set(task.projectId, [...(byProject.get(task.projectId) ?? []), task]);
    }
    await Promise.all(
      [...byProject.values()].map(async (tasks) => {
        for (const task of tasks) {
          if (!isStopped) await stepTask(ctx, task, log).catch((e) => log(`lander: ${messageOf(e)}`));
        }
      }),
    );
  }

  function poke(): void {
    if (isPending || isStopped) return;
    isPending = true;
    running = running.then(() => (isStopped ? undefined : pass()));
  }

  function onEvent(event: MaestroEvent): void {
    if (!isLanderEvent(event)) return;
    if (
      event.kind === "task.updated" &&
      event.payload.task.status === "cancelled" &&
      event.payload.changed.includes("status")
    ) {
      cleanUpCancelled(ctx, event.payload.task, log);
    }
    poke();
  }

  const removeListener = ctx.events.onEvent(onEvent);
  const interval = setInterval(() => {
    pollDue = true;
    poke();
  }, options.pollMs ?? 1_000);
  poke();
  return {
    poke,
    async stop() {
      isStopped = true;
      removeListener();
      clearInterval(interval);
      await running;
    },
  };
}

/** A cancelled task's worktrees go too, but only those whose work would not be lost. */
function cleanUpCancelled(ctx: Context, task: Task, log: (line: string) => void): void {
  const project = findProjectById(ctx.database.db, task.projectId);
  if (!project) return;
  void withProjectLock(ctx.database, task.projectId, () => cleanUpTaskWorktrees(ctx, task, project))
    .then((kept) => kept.forEach((line) => log(`lander: ${task.key} (cancelled): ${line}`)))
    .catch((error) => log(`lander: ${task.key}: ${messageOf(error)}`));
}
