import picomatch from "picomatch/posix";
import { z } from "zod";
import { EntityRef, Timestamp } from "./common";
import type { SessionStatus } from "./session";
import { PRIORITY_WEIGHT, type Task } from "./task";

export const AUTOPILOT_STATES = ["off", "on", "paused"] as const;
export type AutopilotStateName = (typeof AUTOPILOT_STATES)[number];

export const AutopilotState = z.object({
  projectId: z.string(),
  state: z.enum(AUTOPILOT_STATES),
  /** The project's own cap while autopilot runs it; null = the project's concurrency limit. */
  maxConcurrent: z.number().int().nullable(),
  updatedAt: Timestamp.nullable(),
});
export type AutopilotState = z.infer<typeof AutopilotState>;

export const StartAutopilotInput = z.object({
  projectId: EntityRef,
  maxConcurrent: z.number().int().min(1, "must be at least 1").max(64, "must be at most 64").nullish(),
});
export type StartAutopilotInput = z.infer<typeof StartAutopilotInput>;

export const AutopilotRefInput = z.object({ projectId: EntityRef });
export type AutopilotRefInput = z.infer<typeof AutopilotRefInput>;

/** Sessions that hold a concurrency slot: asked for, starting, or with a live process. */
export const SLOT_SESSION_STATUSES = [
  "queued",
  "starting",
  "running",
  "needs_input",
] as const satisfies readonly SessionStatus[];
/** Sessions that keep their task busy: the slot holders, and those waiting for a usage limit to reset. */
export const BUSY_SESSION_STATUSES = [...SLOT_SESSION_STATUSES, "waiting"] as const satisfies readonly SessionStatus[];

/** Why a task is, or is not, running now. Every variant is specific enough to act on. */
export type TaskReason =
  | { kind: "running"; sessionId: string; status: SessionStatus }
  | { kind: "usage_limit"; sessionId: string; agent: string; until: string | null }
  | { kind: "status"; status: Task["status"] }
  | { kind: "failed"; attempts: number }
  | { kind: "dependencies"; waitingFor: string[] }
  | { kind: "blocked_by"; failed: string[] }
  | { kind: "subtasks"; open: number }
  | { kind: "no_agent"; agent: string | null }
  | { kind: "autopilot"; state: "off" | "paused" }
  | { kind: "retry_at"; at: string; attempt: number; maxAttempts: number }
  | { kind: "agent_paused"; agent: string; until: string }
  | { kind: "overlap"; with: string; pattern: string }
  | { kind: "limit"; scope: "global" | "project" | "agent"; agent: string | null; busy: number; limit: number }
  | { kind: "starting" };

export interface PlanSession {
  id: string;
  projectId: string;
  taskIds: string[];
  queueIndex: number;
  agent: string;
  status: SessionStatus;
}

export interface PlanAgent {
  maxConcurrent: number | null;
  /** Epoch ms until which this profile may not start (a usage limit); null = free. */
  pausedUntil: number | null;
}

export interface PlanInput {
  now: number;
  state: AutopilotStateName;
  /** Every task of the project. */
  tasks: readonly Task[];
  /** Busy sessions of every project (global and per-agent limits count them all). */
  sessions: readonly PlanSession[];
  projectId: string;
  limits: { global: number; project: number };
  /** Known profiles by name; a task whose agent is missing here cannot start. */
  agents: ReadonlyMap<string, PlanAgent>;
  defaultAgent: string | null;
  defaultMaxAttempts: number;
}

export interface PlannedStart {
  taskId: string;
  agent: string;
}

export interface Plan {
  /** What to start now, in order. */
  start: PlannedStart[];
  /** Ready tasks held back by a limit, an overlap or a pause: the visible queue, in order. */
  queue: string[];
  /** Parent tasks whose subtasks are all done: autopilot closes them. */
  complete: string[];
  /** For every task: why it runs, will start, or does not. */
  reasons: Map<string, TaskReason[]>;
  /** When a retry or a pause ends (epoch ms): plan again then. */
  wakeAt: number | null;
  /** Slots in use (global, this project, per agent), counting the starts above. */
  busy: { global: number; project: number; agents: Map<string, number> };
}

/** The agent a task runs with when autopilot starts it: its own, the project's, or `shell` for a command. */
export function agentForTask(task: Pick<Task, "agent" | "command">, defaultAgent: string | null): string | null {
  return task.agent ?? defaultAgent ?? (task.command ? "shell" : null);
}

/** The literal directory part of a glob (segments before the first one with a wildcard). */
function literalPrefix(glob: string): string[] {
  const segments = glob.replace(/^\.\//, "").split("/");
  const index = segments.findIndex((segment) => picomatch.scan(segment).isGlob);
  return index === -1 ? segments : segments.slice(0, index);
}

/**
 * Whether two `touches` globs could name the same file. Exact when either is a plain path;
 * for two globs, conservative: they overlap unless their literal directories diverge.
 */
export function globsOverlap(a: string, b: string): boolean {
  const isGlobA = picomatch.scan(a).isGlob;
  const isGlobB = picomatch.scan(b).isGlob;
  const clean = (glob: string) => glob.replace(/^\.\//, "");
  if (!isGlobA && !isGlobB) return clean(a) === clean(b);
  if (!isGlobA) return picomatch(clean(b), { dot: true })(clean(a));
  if (!isGlobB) return picomatch(clean(a), { dot: true })(clean(b));
  const [pa, pb] = [literalPrefix(a), literalPrefix(b)];
  const shared = Math.min(pa.length, pb.length);
  return pa.slice(0, shared).every((segment, i) => segment === pb[i]);
}

/** The first pair of overlapping globs, as the pattern of `theirs` that collides, or null. */
export function findOverlap(mine: readonly string[], theirs: readonly string[]): string | null {
  for (const a of mine) for (const b of theirs) if (globsOverlap(a, b)) return b;
  return null;
}

export interface RetryPolicy {
  baseSec: number;
  maxSec: number;
}

/** Capped exponential backoff with jitter: base·2^(n-1), at most max, then ±20 %. */
export function retryDelayMs(failedAttempts: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxSec, policy.baseSec * 2 ** Math.max(0, failedAttempts - 1)) * 1000;
  return Math.round(exponential * (0.8 + 0.4 * random()));
}

const byPriorityThenAge = (a: Task, b: Task) =>
  PRIORITY_WEIGHT[b.priority] - PRIORITY_WEIGHT[a.priority] ||
  a.createdAt.localeCompare(b.createdAt) ||
  a.rank - b.rank;

/**
 * The scheduler's decision for one project, as a pure function: which ready tasks start now
 * (highest priority, then oldest, within the global, project and agent limits, never two whose
 * `touches` overlap), and a specific reason for every other task.
 */
export function planAutopilot(input: PlanInput): Plan {
  const { now, tasks } = input;
  const byId = new Map(tasks.map((task) => [task.id, task]));
  const keyOf = (id: string) => byId.get(id)?.key ?? id;
  const reasons = new Map<string, TaskReason[]>();
  const say = (taskId: string, reason: TaskReason) => reasons.set(taskId, [...(reasons.get(taskId) ?? []), reason]);
  let wakeAt: number | null = null;
  const wake = (at: number) => (wakeAt = wakeAt === null ? at : Math.min(wakeAt, at));

  // Slots and touched files held by sessions now, in every project.
  const busy = { global: 0, project: 0, agents: new Map<string, number>() };
  const held: Array<{ key: string; touches: readonly string[] }> = [];
  const sessionOfTask = new Map<string, PlanSession>();
  for (const session of input.sessions) {
    const taskId = session.taskIds[session.queueIndex] ?? session.taskIds[0];
    if (session.projectId === input.projectId && taskId) sessionOfTask.set(taskId, session);
    if (session.status === "waiting") continue;
    busy.global += 1;
    if (session.projectId === input.projectId) busy.project += 1;
    busy.agents.set(session.agent, (busy.agents.get(session.agent) ?? 0) + 1);
    const task = taskId ? byId.get(taskId) : undefined;
    if (task?.touches.length) held.push({ key: task.key, touches: task.touches });
  }

  // A dependency that failed (or was cancelled) blocks everything downstream of it.
  const failedRoots = new Map<string, string[]>();
  function failedUpstream(task: Task, seen = new Set<string>()): string[] {
    const cached = failedRoots.get(task.id);
    if (cached) return cached;
    if (seen.has(task.id)) return [];
    seen.add(task.id);
    const roots = new Set<string>();
    for (const id of task.dependsOn) {
      const dependency = byId.get(id);
      if (!dependency || dependency.status === "done") continue;
      if (dependency.status === "failed" || dependency.status === "cancelled") roots.add(dependency.key);
      else for (const key of failedUpstream(dependency, seen)) roots.add(key);
    }
    const result = [...roots].sort();
    failedRoots.set(task.id, result);
    return result;
  }

  const openChildren = new Map<string, number>();
  const hasChildren = new Set<string>();
  for (const task of tasks) {
    if (!task.parentId) continue;
    hasChildren.add(task.parentId);
    if (task.status !== "done" && task.status !== "cancelled") {
      openChildren.set(task.parentId, (openChildren.get(task.parentId) ?? 0) + 1);
    }
  }

  const candidates: Task[] = [];
  const complete: string[] = [];
  for (const task of tasks) {
    const session = sessionOfTask.get(task.id);
    if (session) {
      const agentPause = input.agents.get(session.agent)?.pausedUntil ?? null;
      if (session.status === "waiting") {
        say(task.id, {
          kind: "usage_limit",
          sessionId: session.id,
          agent: session.agent,
          until: agentPause ? new Date(agentPause).toISOString() : null,
        });
        if (agentPause) wake(agentPause);
      } else say(task.id, { kind: "running", sessionId: session.id, status: session.status });
      continue;
    }
    if (task.status === "failed") {
      say(task.id, { kind: "failed", attempts: task.failedAttempts });
      continue;
    }
    if (task.status !== "todo") {
      say(task.id, { kind: "status", status: task.status });
      continue;
    }
    if (hasChildren.has(task.id)) {
      const open = openChildren.get(task.id) ?? 0;
      if (open === 0 && input.state === "on") complete.push(task.id);
      else say(task.id, { kind: "subtasks", open });
      continue;
    }
    const blockers = failedUpstream(task);
    if (blockers.length > 0) {
      say(task.id, { kind: "blocked_by", failed: blockers });
      continue;
    }
    const waitingFor = task.dependsOn.filter((id) => byId.get(id)?.status !== "done").map(keyOf);
    if (waitingFor.length > 0) {
      say(task.id, { kind: "dependencies", waitingFor });
      continue;
    }
    const agent = agentForTask(task, input.defaultAgent);
    if (!agent || !input.agents.has(agent)) {
      say(task.id, { kind: "no_agent", agent });
      continue;
    }
    candidates.push(task);
  }

  const start: PlannedStart[] = [];
  const queue: string[] = [];
  for (const task of candidates.sort(byPriorityThenAge)) {
    if (input.state !== "on") {
      say(task.id, { kind: "autopilot", state: input.state });
      continue;
    }
    if (task.retryAt && Date.parse(task.retryAt) > now) {
      say(task.id, {
        kind: "retry_at",
        at: task.retryAt,
        attempt: task.failedAttempts + 1,
        maxAttempts: task.maxAttempts ?? input.defaultMaxAttempts,
      });
      wake(Date.parse(task.retryAt));
      continue;
    }
    const agent = agentForTask(task, input.defaultAgent)!;
    const profile = input.agents.get(agent)!;
    const blocked: TaskReason[] = [];
    if (profile.pausedUntil !== null && profile.pausedUntil > now) {
      blocked.push({ kind: "agent_paused", agent, until: new Date(profile.pausedUntil).toISOString() });
      wake(profile.pausedUntil);
    }
    if (busy.global >= input.limits.global) {
      blocked.push({ kind: "limit", scope: "global", agent: null, busy: busy.global, limit: input.limits.global });
    }
    if (busy.project >= input.limits.project) {
      blocked.push({ kind: "limit", scope: "project", agent: null, busy: busy.project, limit: input.limits.project });
    }
    const agentBusy = busy.agents.get(agent) ?? 0;
    if (profile.maxConcurrent !== null && agentBusy >= profile.maxConcurrent) {
      blocked.push({ kind: "limit", scope: "agent", agent, busy: agentBusy, limit: profile.maxConcurrent });
    }
    const collision = task.touches.length
      ? held.find((other) => findOverlap(task.touches, other.touches) !== null)
      : undefined;
    if (collision) {
      blocked.push({ kind: "overlap", with: collision.key, pattern: findOverlap(task.touches, collision.touches)! });
    }
    if (blocked.length > 0) {
      for (const reason of blocked) say(task.id, reason);
      queue.push(task.id);
      continue;
    }
    start.push({ taskId: task.id, agent });
    say(task.id, { kind: "starting" });
    busy.global += 1;
    busy.project += 1;
    busy.agents.set(agent, agentBusy + 1);
    if (task.touches.length) held.push({ key: task.key, touches: task.touches });
  }
  return { start, queue, complete, reasons, wakeAt, busy };
}

function list(keys: readonly string[]): string {
  return keys.length <= 1 ? (keys[0] ?? "") : `${keys.slice(0, -1).join(", ")} and ${keys.at(-1)}`;
}

function clock(iso: string): string {
  return new Date(iso).toISOString().slice(11, 16);
}

/** One line a person can act on, e.g. "waiting for WEB-3 and WEB-4". Times are in UTC (HH:MM). */
export function describeReason(reason: TaskReason): string {
  switch (reason.kind) {
    case "running":
      return `running (session ${reason.sessionId.slice(0, 8)}, ${reason.status.replace("_", " ")})`;
    case "usage_limit":
      return `agent ${reason.agent} hit a usage limit${reason.until ? `; resumes at ${clock(reason.until)} UTC` : ""}`;
    case "status":
      return reason.status === "done" ? "done" : `status is ${reason.status.replace("_", " ")}, not todo`;
    case "failed":
      return reason.attempts > 0
        ? `failed after ${reason.attempts} attempt${reason.attempts === 1 ? "" : "s"}`
        : "failed";
    case "dependencies":
      return `waiting for ${list(reason.waitingFor)}`;
    case "blocked_by":
      return `blocked: ${list(reason.failed)} failed`;
    case "subtasks":
      return reason.open > 0
        ? `runs through its ${reason.open} open subtask${reason.open === 1 ? "" : "s"}`
        : "a parent task: its subtasks run, not it";
    case "no_agent":
      return reason.agent
        ? `agent ${reason.agent} does not exist`
        : "no agent: set the task's agent or the project's default";
    case "autopilot":
      return reason.state === "off"
        ? "ready; autopilot is off (run it, or start autopilot)"
        : "ready; autopilot is paused";
    case "retry_at":
      return `retry ${reason.attempt} of ${reason.maxAttempts} at ${clock(reason.at)} UTC`;
    case "agent_paused":
      return `agent ${reason.agent} paused until ${clock(reason.until)} UTC (usage limit)`;
    case "overlap":
      return `overlaps files with ${reason.with} (running): ${reason.pattern}`;
    case "limit":
      return reason.scope === "agent"
        ? `concurrency limit of agent ${reason.agent} (${reason.busy}/${reason.limit} busy)`
        : `${reason.scope} concurrency limit (${reason.busy}/${reason.limit} busy)`;
    case "starting":
      return "starting now";
  }
}
