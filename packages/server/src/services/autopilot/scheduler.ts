import { findProjectById, listAgentPauses, listAutopilots, listSessions, updateTask } from "@maestro/db";
import { type MaestroEvent, StartSessionInput, statusTimestamps } from "@maestro/domain";
import type { Context } from "../../context";
import { changeSession } from "../session/session-writes";
import { startSession } from "../session/start-session";
import { inTransaction } from "../unit-of-work";
import { planProject } from "./plan";

export interface Scheduler {
  /** Plans again soon (coalesced): something changed. */
  poke(): void;
  stop(): void;
}

/** Task fields that can make a task startable or change what it may start with. */
const PLANNED_FIELDS = new Set(["dependsOn", "parentId", "agent", "command", "touches", "priority", "retryAt", "failedAttempts", "maxAttempts"]);
/**
 * Statuses a task can move into that may start something: it is todo again, or done, failed or
 * cancelled (its dependents and its parent look again). A task starting work (in progress, in
 * review, blocked) frees nothing and makes nothing ready.
 */
const PLANNED_STATUSES = new Set(["todo", "done", "failed", "cancelled"]);
const SLOT_FREEING = new Set(["succeeded", "failed", "cancelled", "interrupted", "timed_out", "waiting", "queued"]);

/**
 * Whether an event can make a task ready, free a slot or change a limit. Each pass reads the
 * whole project, so the many events that cannot (titles, heartbeats, a session going from
 * starting to running, log output) do not trigger one.
 */
export function isRelevant(event: MaestroEvent): boolean {
  switch (event.kind) {
    case "task.created":
    case "task.deleted":
    case "autopilot.updated":
    case "project.updated":
      return true;
    case "task.updated":
      return (
        event.payload.changed.some((field) => PLANNED_FIELDS.has(field)) ||
        (event.payload.changed.includes("status") && PLANNED_STATUSES.has(event.payload.task.status))
      );
    case "session.updated":
      return event.payload.changed.includes("status") && SLOT_FREEING.has(event.payload.session.status);
    default:
      return false;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Sessions that waited for a usage limit go back to the queue once their agent's pause is over. */
function resumeWaiting(ctx: Context, now: Date): void {
  const waiting = listSessions(ctx.database.db, { statuses: ["waiting"], limit: 10_000 });
  if (waiting.length === 0) return;
  const paused = new Set(listAgentPauses(ctx.database.db, now).map((pause) => pause.agent));
  for (const session of waiting) {
    if (paused.has(session.agent)) continue;
    inTransaction(ctx, (tx, record) =>
      changeSession(tx, record, session, { status: "queued", stopRequested: false, stopReason: null, exitCode: null, error: null, endedAt: null, pid: null }),
    );
  }
}

/**
 * One pass over every project whose autopilot is on: close parents whose subtasks are done,
 * then start what the planner picked. Synchronous from start to end (SQLite calls are), so two
 * passes never interleave and nothing is started twice. Returns when to look again.
 */
export function schedulePass(ctx: Context, log: (line: string) => void, now = Date.now()): number | null {
  resumeWaiting(ctx, new Date(now));
  let wakeAt: number | null = null;
  for (const autopilot of listAutopilots(ctx.database.db)) {
    if (autopilot.state !== "on") continue;
    const project = findProjectById(ctx.database.db, autopilot.projectId);
    if (!project) continue;
    const { plan, tasks } = planProject(ctx.database.db, project, ctx.globalLimit, now, "frontier");
    const byId = new Map(tasks.map((task) => [task.id, task]));
    for (const id of plan.complete) {
      const task = byId.get(id)!;
      inTransaction(ctx, (tx, record) => {
        const updated = updateTask(tx, id, { status: "done", ...statusTimestamps(task.status, "done", task, new Date(now).toISOString()) });
        record({ kind: "task.updated", entity: "task", entityId: id, projectId: task.projectId, payload: { task: updated, changed: ["status"] } });
      });
    }
    for (const { taskId, agent } of plan.start) {
      const task = byId.get(taskId)!;
      try {
        startSession({ ctx, input: StartSessionInput.parse({ taskIds: [taskId], agent, worktree: project.settings.worktreeMode === "per_task" }) });
      } catch (error) {
        // It cannot be launched as configured (no such executable, no git for a worktree…):
        // it fails now rather than being tried again on every pass.
        log(`autopilot: could not start ${task.key}: ${messageOf(error)}`);
        inTransaction(ctx, (tx, record) => {
          const updated = updateTask(tx, taskId, { status: "failed", failedAttempts: task.failedAttempts + 1, retryAt: null });
          record({ kind: "task.updated", entity: "task", entityId: taskId, projectId: task.projectId, payload: { task: updated, changed: ["status", "failedAttempts"] } });
        });
      }
    }
    if (plan.wakeAt !== null) wakeAt = wakeAt === null ? plan.wakeAt : Math.min(wakeAt, plan.wakeAt);
  }
  // Waiting sessions resume when their agent's pause ends.
  for (const pause of listAgentPauses(ctx.database.db, new Date(now))) {
    const until = Date.parse(pause.until);
    wakeAt = wakeAt === null ? until : Math.min(wakeAt, until);
  }
  return wakeAt;
}

/**
 * Runs the schedule: a pass right after any relevant change (task done → its dependents start
 * at once), at the next retry or pause end, and every `intervalMs` as a safety net. Its state is
 * the database's, so a restarted server simply carries on.
 */
export function startScheduler(ctx: Context, options: { log: (line: string) => void; intervalMs?: number }): Scheduler {
  let isPending = false;
  let isStopped = false;
  let wakeTimer: ReturnType<typeof setTimeout> | undefined;

  function pass(): void {
    isPending = false;
    if (isStopped) return;
    try {
      const wakeAt = schedulePass(ctx, options.log);
      clearTimeout(wakeTimer);
      // +5 ms: a timer may fire a hair early, before the retry time has really come.
      if (wakeAt !== null) wakeTimer = setTimeout(poke, Math.max(0, wakeAt - Date.now()) + 5);
    } catch (error) {
      options.log(`autopilot: ${messageOf(error)}`);
    }
  }

  function poke(): void {
    if (isPending || isStopped) return;
    isPending = true;
    setImmediate(pass);
  }

  const removeListener = ctx.events.onEvent((event: MaestroEvent) => {
    if (isRelevant(event)) poke();
  });
  const interval = setInterval(poke, options.intervalMs ?? 2_000);
  poke();
  return {
    poke,
    stop() {
      isStopped = true;
      removeListener();
      clearInterval(interval);
      clearTimeout(wakeTimer);
    },
  };
}
