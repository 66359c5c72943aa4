import {
  deleteEndedAccountPauses,
  findProjectById,
  findSessionById,
  hasSessionIn,
  listAccountPauses,
  listAutopilots,
  listSessions,
} from "@maestro/db";
import { type MaestroEvent, messageOf, resumeReason } from "@maestro/domain";
import type { Context } from "../../context";
import { listProfilePauses } from "../agent/account-pauses";
import { changeSession } from "../session/session-writes";
import { inStoreTransaction, inTransaction } from "../unit-of-work";
import type { ProjectLeases } from "./project-leases";
import { isRelevant } from "./relevant-events";
import { scheduleProject } from "./schedule-project";

export interface Scheduler {
  /** Plans again soon (coalesced): something changed. */
  poke(): void;
  /** Stops scheduling; resolves once a pass under way has ended. */
  stop(): Promise<void>;
}

/**
 * Sessions that waited for a usage limit go back to the queue once their account's pause is over
 * (or lifted by a person: resumeAccount). Returns the ids queued again.
 */
export async function resumeWaiting(ctx: Context, now: Date): Promise<string[]> {
  // Pauses that are over end now, for every reader (a claim included), not only for this pass.
  await inStoreTransaction(ctx.database, (tx) => deleteEndedAccountPauses(tx, now));
  if (!(await hasSessionIn(ctx.database.db, ["waiting"]))) return [];
  const waiting = await listSessions(ctx.database.db, { statuses: ["waiting"], limit: 10_000 });
  if (waiting.length === 0) return [];
  const paused = await listProfilePauses(ctx.database.db, now);
  const queued: string[] = [];
  for (const listed of waiting) {
    if (paused.has(listed.agent)) continue;
    const isQueued = await inTransaction(ctx, async (tx, record) => {
      // Read again in the transaction: another pass (or a person's stop) may have moved it since the list.
      const session = await findSessionById(tx, listed.id);
      if (session?.status !== "waiting") return false;
      await changeSession(tx, record, session, {
        status: "queued",
        // One held in the queue never ran: it keeps what it was queued with (a resume's reason,
        // which is what makes its claim continue the agent's conversation).
        resumeReason: session.startedAt ? resumeReason(session) : session.resumeReason,
        stopRequested: false,
        stopReason: null,
        exitCode: null,
        error: null,
        endedAt: null,
        pid: null,
      });
      return true;
    });
    if (isQueued) queued.push(listed.id);
  }
  return queued;
}

/**
 * One pass over every project whose autopilot is on, each in one transaction (see
 * scheduleProject). The scheduler runs one pass at a time (startScheduler), so two passes never
 * interleave and nothing is started twice. Returns when to look again.
 */
export async function schedulePass(
  ctx: Context,
  log: (line: string) => void,
  now = Date.now(),
  leases?: ProjectLeases,
): Promise<number | null> {
  await resumeWaiting(ctx, new Date(now));
  let wakeAt: number | null = null;
  const scheduled = new Set<string>();
  for (const autopilot of await listAutopilots(ctx.database.db)) {
    if (autopilot.state !== "on") continue;
    const project = await findProjectById(ctx.database.db, autopilot.projectId);
    if (!project) continue;
    // Another instance schedules it (PostgreSQL): its lease says so.
    if (leases && !(await leases.take(project.id, now))) continue;
    scheduled.add(project.key);
    const projectWake = await inTransaction(ctx, async (tx, record) => {
      if (leases && !(await leases.fence(tx, project.id, now))) return null;
      return await scheduleProject({ ctx, tx, record, project, now, log, onUnlaunchable: "fail" });
    });
    if (projectWake !== null) wakeAt = wakeAt === null ? projectWake : Math.min(wakeAt, projectWake);
  }
  ctx.metrics?.keepQueueDepths(scheduled);
  // Waiting sessions resume when their account's pause ends.
  for (const pause of await listAccountPauses(ctx.database.db, new Date(now))) {
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
export function startScheduler(
  ctx: Context,
  options: { log: (line: string) => void; intervalMs?: number; leases?: ProjectLeases },
): Scheduler {
  let isPending = false;
  let isStopped = false;
  let wakeTimer: ReturnType<typeof setTimeout> | undefined;
  /** The pass under way, if any: passes never overlap, so nothing is started twice. */
  let running: Promise<void> | null = null;

  async function runPass(): Promise<void> {
    try {
      const wakeAt = await schedulePass(ctx, options.log, Date.now(), options.leases);
      if (isStopped) return;
      clearTimeout(wakeTimer);
      // +5 ms: a timer may fire a hair early, before the retry time has really come.
      if (wakeAt !== null) wakeTimer = setTimeout(poke, Math.max(0, wakeAt - Date.now()) + 5);
    } catch (error) {
      options.log(`autopilot: ${messageOf(error)}`);
    }
  }

  function pass(): void {
    isPending = false;
    if (isStopped) return;
    running = runPass().finally(() => {
      running = null;
      // Poked while it ran: one more pass now that this one is over.
      if (isPending && !isStopped) setImmediate(pass);
    });
  }

  function poke(): void {
    if (isPending || isStopped) return;
    isPending = true;
    if (!running) setImmediate(pass);
  }

  const removeListener = ctx.events.onEvent((event: MaestroEvent) => {
    if (isRelevant(event)) poke();
  });
  const interval = setInterval(poke, options.intervalMs ?? 2_000);
  poke();
  return {
    poke,
    async stop() {
      isStopped = true;
      removeListener();
      clearInterval(interval);
      clearTimeout(wakeTimer);
      await running;
      // Handed over: the other instances take these projects on their next pass.
      await options.leases?.releaseAll();
    },
  };
}
