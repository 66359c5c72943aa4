import { type DbClient, findProjectById, listAgentPauses, listAutopilots, listSessions, updateTask } from "@maestro/db";
import {
  type MaestroEvent,
  type Project,
  StartSessionInput,
  isSessionLive,
  messageOf,
  statusTimestamps,
} from "@maestro/domain";
import type { Context } from "../../context";
import { changeSession } from "../session/session-writes";
import { queueSession } from "../session/start-session";
import { type RecordEvent, inSavepoint, inTransaction } from "../unit-of-work";
import { planProject } from "./plan";

export interface Scheduler {
  /** Plans again soon (coalesced): something changed. */
  poke(): void;
  stop(): void;
}

/** Task fields that can make a task startable or change what it may start with. */
const PLANNED_FIELDS = new Set([
  "dependsOn",
  "parentId",
  "agent",
  "command",
  "touches",
  "priority",
  "retryAt",
  "failedAttempts",
  "maxAttempts",
]);
/**
 * Statuses a task can move into that may start something: it is todo again, or done, failed or
 * cancelled (its dependents and its parent look again). A task starting work (in progress, in
 * review, blocked) frees nothing and makes nothing ready.
 */
const PLANNED_STATUSES = new Set(["todo", "done", "failed", "cancelled"]);

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
      // A session leaving its process behind (ended, waiting for a usage limit, queued again)
      // may free a slot; one starting or running frees none.
      return event.payload.changed.includes("status") && !isSessionLive(event.payload.session.status);
    default:
      return false;
  }
}

/** Sessions that waited for a usage limit go back to the queue once their agent's pause is over. */
function resumeWaiting(ctx: Context, now: Date): void {
  const waiting = listSessions(ctx.database.db, { statuses: ["waiting"], limit: 10_000 });
  if (waiting.length === 0) return;
  const paused = new Set(listAgentPauses(ctx.database.db, now).map((pause) => pause.agent));
  for (const session of waiting) {
    if (paused.has(session.agent)) continue;
    inTransaction(ctx, (tx, record) =>
      changeSession(tx, record, session, {
        status: "queued",
        stopRequested: false,
        stopReason: null,
        exitCode: null,
        error: null,
        endedAt: null,
        pid: null,
      }),
    );
  }
}

export interface ScheduleOptions {
  now: number;
  log: (line: string) => void;
  /**
   * What to do with a task that cannot be launched as configured: fail it (a pass), or leave it
   * for the next pass (scheduling inside another change, which must not fail because of it).
   */
  onUnlaunchable: "fail" | "skip";
}

/**
 * One project's share of a pass, inside the caller's transaction: closes parents whose subtasks
 * are done, then queues what the planner picked, each in a savepoint. Returns when to look again.
 */
export function scheduleProject(
  ctx: Context,
  tx: DbClient,
  record: RecordEvent,
  project: Project,
  options: ScheduleOptions,
): number | null {
  const { plan, tasks } = planProject(tx, project, ctx.globalLimit, options.now, "frontier");
  const byId = new Map(tasks.map((task) => [task.id, task]));
  const at = new Date(options.now).toISOString();
  for (const id of plan.complete) {
    const task = byId.get(id)!;
    const updated = updateTask(tx, id, { status: "done", ...statusTimestamps(task.status, "done", task, at) });
    record({
      kind: "task.updated",
      entity: "task",
      entityId: id,
      projectId: task.projectId,
      payload: { task: updated, changed: ["status"] },
    });
  }
  for (const { taskId, agent } of plan.start) {
    const task = byId.get(taskId)!;
    const input = StartSessionInput.parse({
      taskIds: [taskId],
      agent,
      worktree: project.settings.worktreeMode === "per_task",
    });
    try {
      inSavepoint(tx, record, (savepoint, recordInSavepoint) => queueSession(ctx, savepoint, recordInSavepoint, input));
    } catch (error) {
      if (options.onUnlaunchable === "skip") continue;
      // It cannot be launched as configured (no such executable, no git for a worktree…):
      // it fails now rather than being tried again on every pass.
      options.log(`autopilot: could not start ${task.key}: ${messageOf(error)}`);
      const updated = updateTask(tx, taskId, {
        status: "failed",
        failedAttempts: task.failedAttempts + 1,
        retryAt: null,
      });
      record({
        kind: "task.updated",
        entity: "task",
        entityId: taskId,
        projectId: task.projectId,
        payload: { task: updated, changed: ["status", "failedAttempts"] },
      });
    }
  }
  return plan.wakeAt;
}

/**
 * One pass over every project whose autopilot is on, each in one transaction (see
 * scheduleProject). Synchronous from start to end (SQLite calls are), so two passes never
 * interleave and nothing is started twice. Returns when to look again.
 */
export function schedulePass(ctx: Context, log: (line: string) => void, now = Date.now()): number | null {
  resumeWaiting(ctx, new Date(now));
  let wakeAt: number | null = null;
  for (const autopilot of listAutopilots(ctx.database.db)) {
    if (autopilot.state !== "on") continue;
    const project = findProjectById(ctx.database.db, autopilot.projectId);
    if (!project) continue;
    const projectWake = inTransaction(ctx, (tx, record) =>
      scheduleProject(ctx, tx, record, project, { now, log, onUnlaunchable: "fail" }),
    );
    if (projectWake !== null) wakeAt = wakeAt === null ? projectWake : Math.min(wakeAt, projectWake);
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
