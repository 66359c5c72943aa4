import { type Task, agentForTask, compareTasksForWork } from "../task";
import { type Holdings, footprintOf, takeSlot } from "./plan-holdings";
import type { PlanNotes } from "./plan-notes";
import type { PlanInput, PlannedStart } from "./plan-types";
import type { TaskReason } from "./task-reason";
import { findOverlap } from "./touches";

/** One planning pass: its input, what it has said so far, and the slots taken so far. */
export interface PlanPass {
  input: PlanInput;
  notes: PlanNotes;
  holdings: Holdings;
}

/** A retry whose backoff has not run out yet; the planner wakes when it does. */
function pendingRetry(task: Task, { input, notes }: PlanPass): TaskReason | null {
  if (!task.retryAt || !(Date.parse(task.retryAt) > input.now)) return null;
  notes.wake(Date.parse(task.retryAt));
  const maxAttempts = task.maxAttempts ?? input.defaultMaxAttempts;
  return { kind: "retry_at", at: task.retryAt, attempt: task.failedAttempts + 1, maxAttempts };
}

/** Everything that keeps a ready task from starting now: its agent's pause, each full limit, an overlap. */
function holdBacks(task: Task, agent: string, { input, notes, holdings }: PlanPass): TaskReason[] {
  const { now, limits } = input;
  const { busy, held } = holdings;
  const profile = input.agents.get(agent)!;
  const reasons: TaskReason[] = [];
  if (profile.pausedUntil !== null && profile.pausedUntil > now) {
    const until = new Date(profile.pausedUntil).toISOString();
    reasons.push({ kind: "agent_paused", agent, until, ...(profile.account ? { account: profile.account } : {}) });
    notes.wake(profile.pausedUntil);
  }
  if (busy.global >= limits.global) {
    reasons.push({ kind: "limit", scope: "global", agent: null, busy: busy.global, limit: limits.global });
  }
  if (busy.project >= limits.project) {
    reasons.push({ kind: "limit", scope: "project", agent: null, busy: busy.project, limit: limits.project });
  }
  const agentBusy = busy.agents.get(agent) ?? 0;
  if (profile.maxConcurrent !== null && agentBusy >= profile.maxConcurrent) {
    reasons.push({ kind: "limit", scope: "agent", agent, busy: agentBusy, limit: profile.maxConcurrent });
  }
  for (const other of task.touches.length ? held : []) {
    const pattern = findOverlap(task.touches, other.touches);
    if (pattern === null) continue;
    reasons.push({ kind: "overlap", with: other.key, pattern });
    break;
  }
  const memory = memoryHold(agent, { input, notes, holdings });
  if (memory) reasons.push(memory);
  return reasons;
}

/**
 * Another agent must leave the floor free: the reading, less what started agents will still
 * take (not measured yet), less this one's expected footprint, stays at or above the floor.
 */
function memoryHold(agent: string, { input, holdings }: PlanPass): TaskReason | null {
  if (!input.memory) return null;
  const freeMb = Math.max(0, input.memory.availableMb - holdings.busy.pendingMemoryMb);
  const needsMb = input.memory.floorMb + footprintOf(input, agent);
  return freeMb >= needsMb ? null : { kind: "memory", freeMb, needsMb };
}

/**
 * Starts the candidates in order of work (highest priority, then oldest) while the limits
 * allow; the others wait in the queue, each with what holds it back.
 */
export function placeCandidates(candidates: Task[], pass: PlanPass): { start: PlannedStart[]; queue: string[] } {
  const { input, notes, holdings } = pass;
  const start: PlannedStart[] = [];
  const queue: string[] = [];
  for (const task of candidates.sort(compareTasksForWork)) {
    if (input.state !== "on") {
      notes.say(task.id, { kind: "autopilot", state: input.state, pauseReason: input.pauseReason ?? null });
      continue;
    }
    const retry = pendingRetry(task, pass);
    if (retry) {
      notes.say(task.id, retry);
      continue;
    }
    // Triage let only tasks with a known agent through.
    const agent = agentForTask(task, input.defaultAgent)!;
    const blocked = holdBacks(task, agent, pass);
    for (const reason of blocked) notes.say(task.id, reason);
    if (blocked.length > 0) {
      queue.push(task.id);
      continue;
    }
    start.push({ taskId: task.id, agent });
    notes.say(task.id, { kind: "starting" });
    takeSlot(holdings, task, { name: agent, footprintMb: footprintOf(input, agent) });
  }
  return { start, queue };
}
