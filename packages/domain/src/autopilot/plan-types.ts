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
