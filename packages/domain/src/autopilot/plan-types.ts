import type { BudgetReached } from "../budget";
import type { SessionStatus } from "../session";
import type { Task } from "../task";
import type { AutopilotStateName } from "./state";
import type { TaskReason } from "./task-reason";

export interface PlanSession {
  id: string;
  projectId: string;
  taskIds: string[];
  queueIndex: number;
  agent: string;
  status: SessionStatus;
  /** Peak memory measured so far; null until the runner reports it (the reading does not show it yet). */
  peakRssMb?: number | null;
}

export interface PlanAgent {
  maxConcurrent: number | null;
  /** Epoch ms until which this profile may not start (a usage limit); null = free. */
  pausedUntil: number | null;
  /** The account its usage counts against (accountOf): reasons name it, as its pause is the account's. */
  account?: string;
  /** Expected memory of one session, MiB (set, or learned); absent or 0: not known, admitted on the floor alone. */
  footprintMb?: number;
}

/** The machine's memory as autopilot admits against it: new agents start only while `floorMb` stays free. */
export interface PlanMemory {
  availableMb: number;
  floorMb: number;
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
  /** Absent: no reading, so no memory check. */
  memory?: PlanMemory | null;
  /** Why autopilot paused itself (a budget reached), said with the tasks it holds back. */
  pauseReason?: string | null;
  /** Budgets reached: the project's, and each task beneath a task whose budget is reached (by task id). */
  budgets?: BudgetBlocks;
}

/** A budget a scope reached; `key` names the task (or project) whose budget it is. */
export interface BudgetBlock {
  key: string;
  reached: BudgetReached;
}

export interface BudgetBlocks {
  project: BudgetBlock | null;
  tasks: ReadonlyMap<string, BudgetBlock>;
}

export interface PlannedStart {
  taskId: string;
  agent: string;
}

/** Slots in use: across projects, in the planned project, and per agent profile. */
export interface SlotCount {
  global: number;
  project: number;
  agents: Map<string, number>;
  /** Expected memory of sessions holding a slot but not measured yet (and of the starts above), MiB. */
  pendingMemoryMb: number;
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
  busy: SlotCount;
}
