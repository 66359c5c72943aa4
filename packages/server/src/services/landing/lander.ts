import { findProjectById, listTasksInLandStates } from "@maestro/db";
import { type LandState, type MaestroEvent, type Task, messageOf } from "@maestro/domain";
import type { Context } from "../../context";
import type { LandingLeases, LeaseTerm } from "./landing-leases";
import { runInBackground, settleBackground } from "./landing-lock";
import { recoverLandings } from "./recover-landings";
import { stepTask } from "./step-task";
import { cleanUpTaskWorktrees } from "./task-worktrees";

export interface Lander {
  /** Looks at the queue soon (coalesced). */
  poke(): void;
  /** Stops, and resolves once the landing in progress (if any) and worktree clean-ups have finished. */
  stop(): Promise<void>;
}

export interface LanderOptions {
  log: (line: string) => void;
  /** How often tasks that wait (a dirty checkout) are tried again (default 1 s). */
  pollMs?: number;
  /** How often open pull requests are asked about (default 30 s). */
  prPollMs?: number;
  /**
   * Several instances on one PostgreSQL database: a project's tasks are landed only by the instance
   * holding its scheduler lease (taken here too, and renewed while it lands), so each lands once.
   */
  leases?: LandingLeases;
}

/** Events after which the queue may hold something new: a task's landing or status changed. */
function isLanderEvent(event: MaestroEvent): boolean {
  if (event.kind === "project.updated") return true;
  return (
    event.kind === "task.updated" && event.payload.changed.some((field) => field === "landing" || field === "status")
  );
}

interface PassOptions {
  log: (line: string) => void;
  isStopped: () => boolean;
  leases: LandingLeases | null;
}

/** One pass over the tasks in `states`: each project's in order, projects side by side. */
async function landPass(ctx: Context, states: readonly LandState[], options: PassOptions): Promise<void> {
  const byProject = new Map<string, Task[]>();
  // Under leases a project whose landing another instance left half done shows up too (below).
  const listed = options.leases ? [...states, "landing" as const] : states;
  for (const task of await listTasksInLandStates(ctx.database.db, listed)) {
    byProject.set(task.projectId, [...(byProject.get(task.projectId) ?? []), task]);
  }
  await Promise.all(
    [...byProject].map(async ([projectId, tasks]) => {
      const stepAll = async (term: LeaseTerm | null) => {
        for (const task of tasks) {
          if (options.isStopped() || (term && !term.isHeld())) return;
          if (!states.includes(task.landing.landState)) continue;
          const step = { log: options.log, ...(term ? { fence: term.fence } : {}) };
          await stepTask(ctx, task, step).catch((error) => options.log(`lander: ${messageOf(error)}`));
        }
      };
      if (!options.leases) return await stepAll(null);
      // A failed lease or recovery read skips the project this pass (the next pass tries again).
      await options.leases
        .whileHeld(ctx, projectId, stepAll)
        .catch((error: unknown) => options.log(`lander: ${messageOf(error)}`));
    }),
  );
}

/**
 * The lander: lands queued tasks one at a time per project, woken by task events, and polls
 * what waits (a dirty checkout, an open pull request). Its state is the database's; at start it
 * first makes any landing a crash interrupted agree with the ref.
 */
export function startLander(ctx: Context, options: LanderOptions): Lander {
  const { log } = options;
  const state: LanderState = { isStopped: false, isPending: false, isPollDue: true, lastPrPoll: 0 };
  const leases = options.leases ?? null;
  // Under leases each project is recovered when this instance takes it (another may be landing there now).
  let running: Promise<void> = leases
    ? Promise.resolve()
    : recoverLandings(ctx, { log }).catch((error) => log(`lander: ${messageOf(error)}`));

  function poke(): void {
    if (state.isPending || state.isStopped) return;
    state.isPending = true;
    running = running.then(async () => {
      state.isPending = false;
      if (state.isStopped) return undefined;
      const states = takeDueStates(state, options.prPollMs ?? 30_000);
      return await landPass(ctx, states, { log, isStopped: () => state.isStopped, leases });
    });
  }

  const removeListener = wakeOnEvents(ctx, log, poke);
  const interval = setInterval(() => {
    state.isPollDue = true;
    poke();
  }, options.pollMs ?? 1_000);
  poke();
  return {
    poke,
    async stop() {
      state.isStopped = true;
      removeListener();
      clearInterval(interval);
      await running;
      await settleBackground(ctx.database);
    },
  };
}

interface LanderState {
  isStopped: boolean;
  /** A pass is chained and has not begun: further pokes join it. */
  isPending: boolean;
  isPollDue: boolean;
  lastPrPoll: number;
}

/** The states a pass looks at now: queued always, waiting once per poll, pr_open once per `prPollMs`. */
function takeDueStates(state: LanderState, prPollMs: number): LandState[] {
  const isPrDue = Date.now() - state.lastPrPoll >= prPollMs;
  if (isPrDue) state.lastPrPoll = Date.now();
  const states: LandState[] = ["queued", ...(state.isPollDue ? (["waiting"] as const) : [])];
  state.isPollDue = false;
  return isPrDue ? [...states, "pr_open"] : states;
}

/** Pokes the lander on each event that may bring it work; returns the unsubscribe. */
function wakeOnEvents(ctx: Context, log: (line: string) => void, poke: () => void): () => void {
  return ctx.events.onEvent((event) => {
    if (!isLanderEvent(event)) return;
    if (event.kind === "task.updated" && event.payload.changed.includes("status")) {
      cleanUpIfCancelled(ctx, event.payload.task, log);
    }
    poke();
  });
}

/** A cancelled task's worktrees go too, but only those whose work would not be lost. */
function cleanUpIfCancelled(ctx: Context, task: Task, log: (line: string) => void): void {
  if (task.status !== "cancelled") return;
  const work = (async () => {
    const project = await findProjectById(ctx.database.db, task.projectId);
    if (!project) return;
    const kept = await cleanUpTaskWorktrees(ctx, task, project);
    kept.forEach((line) => log(`lander: ${task.key} (cancelled): ${line}`));
  })().catch((error) => log(`lander: ${task.key}: ${messageOf(error)}`));
  runInBackground(ctx.database, work);
}
