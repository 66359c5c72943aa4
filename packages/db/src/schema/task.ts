import { TASK_PRIORITIES, TASK_STATUSES, type TaskLanding } from "@maestro/domain";
import {
  type AnySQLiteColumn,
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";
import { sql } from "drizzle-orm";
import { projectTable } from "./project";

export const taskTable = sqliteTable(
  "tasks",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id")
      .notNull()
      .references(() => projectTable.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    key: text("key").notNull(),
    parentId: text("parent_id").references((): AnySQLiteColumn => taskTable.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    acceptanceCriteria: text("acceptance_criteria", { mode: "json" }).$type<string[]>().notNull(),
    status: text("status", { enum: TASK_STATUSES }).notNull(),
    priority: text("priority", { enum: TASK_PRIORITIES }).notNull(),
    agent: text("agent"),
    command: text("command"),
    touches: text("touches", { mode: "json" }).$type<string[]>().notNull(),
    specId: text("spec_id"),
    requirementIds: text("requirement_ids", { mode: "json" }).$type<string[]>().notNull(),
    maxAttempts: integer("max_attempts"),
    /** Failed autopilot attempts since the last manual retry; the next one waits for `retryAt`. */
    failedAttempts: integer("failed_attempts").notNull().default(0),
    retryAt: integer("retry_at", { mode: "timestamp_ms" }),
    /** A stop under autopilot holds the task (who stopped it, when) until someone releases it. */
    heldAt: integer("held_at", { mode: "timestamp_ms" }),
    heldBy: text("held_by"),
    timeoutSec: integer("timeout_sec"),
    stallSec: integer("stall_sec"),
    budgetUsd: real("budget_usd"),
    budgetTokens: integer("budget_tokens"),
    rank: real("rank").notNull(),
    version: integer("version").notNull().default(1),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
    startedAt: integer("started_at", { mode: "timestamp_ms" }),
    completedAt: integer("completed_at", { mode: "timestamp_ms" }),
    /** Its work's way onto the target branch (worktree mode); null until it has a branch. */
    landing: text("landing", { mode: "json" }).$type<TaskLanding>(),
    /** `<source>#<item id>` of the import that created it, so a re-import updates it instead of adding another. */
    sourceRef: text("source_ref"),
    /**
     * Its dependencies not done yet, kept by triggers (migration TRIGGERS_MIGRATION): ready is
     * todo with none, read from an index instead of every todo task's dependencies.
     */
    pendingDependencies: integer("pending_dependencies").notNull().default(0),
  },
  (table) => [
    uniqueIndex("tasks_key_unique").on(table.key),
    uniqueIndex("tasks_project_number_unique").on(table.projectId, table.number),
    // task.list pages by (rank, number) within a status (a board column) or a parent.
    index("tasks_project_status_rank_idx").on(table.projectId, table.status, table.rank, table.number),
    index("tasks_project_parent_rank_idx").on(table.projectId, table.parentId, table.rank, table.number),
    index("tasks_parent_idx").on(table.parentId),
    // A spec's spend sums its tasks' sessions.
    index("tasks_spec_idx").on(table.specId),
    // Each scheduler pass reads the few tasks with a budget of their own.
    index("tasks_budget_idx")
      .on(table.projectId)
      .where(sql`${table.budgetUsd} IS NOT NULL OR ${table.budgetTokens} IS NOT NULL`),
    // The lander's poll (each second) reads the few tasks in some land states: by index, not by
    // reading every task's landing (150 ms at a million on SQLite, where it holds up every request).
    index("tasks_land_state_idx").on(sql`json_extract(${table.landing}, '$.landState')`, table.updatedAt),
    // task.list without a status: the whole order in the index, so a page is one range, unsorted.
    index("tasks_project_rank_idx").on(table.projectId, table.rank, table.number),
    // The ready tasks in the board's order: the ready page is one range, the ready count one row.
    index("tasks_project_ready_rank_idx")
      .on(table.projectId, table.rank, table.number)
      .where(sql`${table.status} = 'todo' AND ${table.pendingDependencies} = 0`),
    uniqueIndex("tasks_project_source_ref_unique")
      .on(table.projectId, table.sourceRef)
      .where(sql`${table.sourceRef} IS NOT NULL`),
  ],
);

export const taskDependencyTable = sqliteTable(
  "task_dependencies",
  {
    taskId: text("task_id")
      .notNull()
      .references(() => taskTable.id, { onDelete: "cascade" }),
    dependsOnId: text("depends_on_id")
      .notNull()
      .references(() => taskTable.id, { onDelete: "cascade" }),
    projectId: text("project_id")
      .notNull()
      .references(() => projectTable.id, { onDelete: "cascade" }),
    /** Whether the task it depends on is not done yet (set by triggers, counted in `pending_dependencies`). */
    isPending: integer("is_pending", { mode: "boolean" }).notNull().default(false),
  },
  (table) => [
    primaryKey({ columns: [table.taskId, table.dependsOnId] }),
    index("task_dependencies_depends_on_idx").on(table.dependsOnId),
    index("task_dependencies_project_idx").on(table.projectId),
  ],
);

export type TaskRow = typeof taskTable.$inferSelect;

/**
 * A project's tasks per status (and, for todo, ready or waiting), kept by triggers in the
 * transaction of every task write: task.counts reads a few rows instead of counting every task.
 */
export const taskCountTable = sqliteTable(
  "task_counts",
  {
    projectId: text("project_id")
      .notNull()
      .references(() => projectTable.id, { onDelete: "cascade" }),
    status: text("status", { enum: TASK_STATUSES }).notNull(),
    /** Todo with no pending dependency (always false for other statuses). */
    isReady: integer("is_ready", { mode: "boolean" }).notNull(),
    tasks: integer("tasks").notNull(),
  },
  (table) => [primaryKey({ columns: [table.projectId, table.status, table.isReady] })],
);
