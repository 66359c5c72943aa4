import { z } from "zod";
import { PageLimit, RankCursor, type RankPosition, TimeCursor } from "./page";
import { AgentName } from "./agent";
import {
  EntityRef,
  Id,
  MAX_TEXT_LENGTH,
  MAX_TITLE_LENGTH,
  Timestamp,
  oneOf,
  optionalText,
  requiredText,
} from "./common";
import { BudgetTokens, BudgetUsd } from "./budget";
import { TaskLanding } from "./landing/state";
import { TASK_SEARCH_MAX_LENGTH } from "./task-search";

export const TASK_STATUSES = ["todo", "in_progress", "in_review", "done", "blocked", "failed", "cancelled"] as const;
export const TaskStatus = oneOf(TASK_STATUSES);
export type TaskStatus = z.infer<typeof TaskStatus>;

export const TASK_PRIORITIES = ["low", "medium", "high", "critical"] as const;
export const TaskPriority = oneOf(TASK_PRIORITIES);
export type TaskPriority = z.infer<typeof TaskPriority>;

/** Higher sorts first: critical before high before medium before low. */
export const PRIORITY_WEIGHT: Record<TaskPriority, number> = { critical: 3, high: 2, medium: 1, low: 0 };

export const TASK_KEY_PATTERN = /^[A-Z][A-Z0-9]{0,9}-[1-9][0-9]*$/;

const AcceptanceCriteria = z
  .array(requiredText(2_000), { error: "must be a list of texts" })
  .max(100, "must have at most 100 items");
const Touches = z.array(requiredText(500)).max(100, "must have at most 100 globs");
const Command = z.string().trim().min(1, "must not be empty").max(MAX_TEXT_LENGTH, "is too long");
const MaxAttempts = z.number().int("must be a whole number").min(1, "must be at least 1").max(20, "must be at most 20");
const TimeoutSec = z
  .number()
  .int("must be a whole number of seconds")
  .min(1, "must be at least 1 second")
  .max(7 * 24 * 3600, "must be at most 7 days");
/** A session silent this long is stopped (flagged stalled at half); the project's setting otherwise. */
export const StallSec = z
  .number()
  .int("must be a whole number of seconds")
  .min(2, "must be at least 2 seconds")
  .max(7 * 24 * 3600, "must be at most 7 days");
const DependsOn = z.array(EntityRef).max(200, "must have at most 200 dependencies");

export const Task = z.object({
  id: Id,
  key: z.string(),
  projectId: Id,
  parentId: Id.nullable(),
  title: z.string(),
  description: z.string(),
  acceptanceCriteria: z.array(z.string()),
  status: TaskStatus,
  priority: TaskPriority,
  dependsOn: z.array(Id),
  agent: z.string().nullable(),
  command: z.string().nullable(),
  touches: z.array(z.string()),
  specId: Id.nullable(),
  requirementIds: z.array(z.string()),
  maxAttempts: z.number().int().nullable(),
  /** Failed autopilot attempts since the last manual retry. */
  failedAttempts: z.number().int(),
  /** When autopilot may try it again after a failure (capped exponential backoff). */
  retryAt: Timestamp.nullable(),
  /**
   * Set when a person (or an agent) stopped its session under autopilot: autopilot starts nothing
   * on it until someone releases it (retry, a manual start, a status change). Null: not held.
   */
  heldAt: Timestamp.nullable(),
  /** Who stopped it (`owner`, `agent:<id8>`), while held. */
  heldBy: z.string().nullable(),
  timeoutSec: z.number().int().nullable(),
  stallSec: z.number().int().nullable(),
  /** Spend limits for this task and its subtasks (cost rolled up from their sessions). */
  budgetUsd: z.number().nullable(),
  budgetTokens: z.number().int().nullable(),
  rank: z.number(),
  version: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  startedAt: Timestamp.nullable(),
  completedAt: Timestamp.nullable(),
  /** How its work gets onto the target branch (worktree mode; NO_LANDING otherwise). */
  landing: TaskLanding,
});
export type Task = z.infer<typeof Task>;

export const CreateTaskInput = z.object({
  projectId: EntityRef,
  title: requiredText(MAX_TITLE_LENGTH),
  description: optionalText(MAX_TEXT_LENGTH).default(""),
  acceptanceCriteria: AcceptanceCriteria.default([]),
  status: TaskStatus.default("todo"),
  priority: TaskPriority.default("medium"),
  parentId: EntityRef.nullable().default(null),
  dependsOn: DependsOn.default([]),
  agent: AgentName.nullable().default(null),
  command: Command.nullable().default(null),
  touches: Touches.default([]),
  maxAttempts: MaxAttempts.nullable().default(null),
  timeoutSec: TimeoutSec.nullable().default(null),
  stallSec: StallSec.nullable().default(null),
  budgetUsd: BudgetUsd.nullable().default(null),
  budgetTokens: BudgetTokens.nullable().default(null),
});
export type CreateTaskInput = z.input<typeof CreateTaskInput>;

export const UpdateTaskInput = z.object({
  id: EntityRef,
  /** When given, the update is refused if the stored task has moved on (optimistic concurrency). */
  version: z.number().int().min(1).optional(),
  title: requiredText(MAX_TITLE_LENGTH).optional(),
  description: optionalText(MAX_TEXT_LENGTH).optional(),
  acceptanceCriteria: AcceptanceCriteria.optional(),
  status: TaskStatus.optional(),
  priority: TaskPriority.optional(),
  parentId: EntityRef.nullable().optional(),
  /** Replaces the whole dependency set. */
  dependsOn: DependsOn.optional(),
  agent: AgentName.nullable().optional(),
  command: Command.nullable().optional(),
  touches: Touches.optional(),
  maxAttempts: MaxAttempts.nullable().optional(),
  timeoutSec: TimeoutSec.nullable().optional(),
  stallSec: StallSec.nullable().optional(),
  budgetUsd: BudgetUsd.nullable().optional(),
  budgetTokens: BudgetTokens.nullable().optional(),
});
export type UpdateTaskInput = z.input<typeof UpdateTaskInput>;

export const TaskRefInput = z.object({ id: EntityRef });
export type TaskRefInput = z.infer<typeof TaskRefInput>;

/** A task's history (its reviews, its checks), newest first, a page at a time. */
export const TaskHistoryInput = TaskRefInput.extend({ limit: PageLimit, cursor: TimeCursor });
export type TaskHistoryInput = z.input<typeof TaskHistoryInput>;

export const DeleteTaskInput = z.object({
  id: EntityRef,
  /** Also delete every subtask; without it a task with subtasks is not deleted. */
  cascade: z.boolean().default(false),
});
export type DeleteTaskInput = z.input<typeof DeleteTaskInput>;

export const DependTaskInput = z.object({ id: EntityRef, on: EntityRef });
export type DependTaskInput = z.infer<typeof DependTaskInput>;

export const MoveTaskInput = z.object({
  id: EntityRef,
  /** New parent; null makes it a top-level task; omitted keeps the parent. */
  parentId: EntityRef.nullable().optional(),
  /** Place it just before this sibling; without it the task goes last. */
  beforeId: EntityRef.nullable().optional(),
  version: z.number().int().min(1).optional(),
});
export type MoveTaskInput = z.input<typeof MoveTaskInput>;

export const ListTasksInput = z.object({
  projectId: EntityRef,
  status: z
    .array(TaskStatus)
    .or(TaskStatus.transform((status) => [status]))
    .optional(),
  ready: z.boolean().optional(),
  parentId: EntityRef.nullable().optional(),
  /** Search (see task-search.ts); blank: no search. A page looks at a bounded number of tasks (a short page may follow). */
  q: z.string().trim().max(TASK_SEARCH_MAX_LENGTH, `must be at most ${TASK_SEARCH_MAX_LENGTH} characters`).optional(),
  limit: PageLimit,
  /** The board's order: rank, then the task's number; see `taskPosition`. */
  cursor: RankCursor,
});
export type ListTasksInput = z.input<typeof ListTasksInput>;

/** Where a task stands in its project's order (rank, then number): what a task.list cursor names. */
export function taskPosition(task: Pick<Task, "rank" | "key">): RankPosition {
  return { rank: task.rank, number: Number(task.key.slice(task.key.lastIndexOf("-") + 1)) };
}

export function compareTasksForWork(a: Task, b: Task): number {
  return (
    PRIORITY_WEIGHT[b.priority] - PRIORITY_WEIGHT[a.priority] ||
    a.createdAt.localeCompare(b.createdAt) ||
    a.rank - b.rank
  );
}

/**
 * The agent that runs a task: the one asked for, else the task's own, else the project's default,
 * else `shell` for a task with a command; null when none applies.
 */
export function agentForTask(
  task: Pick<Task, "agent" | "command">,
  defaultAgent: string | null,
  chosen?: string | null,
): string | null {
  return chosen ?? task.agent ?? defaultAgent ?? (task.command ? "shell" : null);
}

/** A project's tasks counted per status: the board's column counts, without reading the tasks. */
export interface TaskCounts {
  byStatus: Record<TaskStatus, number>;
  total: number;
  /** To do with every dependency done (`readySet`). */
  ready: number;
}
