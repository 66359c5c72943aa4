import { type DiffFile, LAND_JOB_MODES, LAND_JOB_STATES } from "@maestro/domain";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { projectTable } from "./project";
import { taskTable } from "./task";

/**
 * A task of a project whose repository is not on the server's machine, waiting for a runner to
 * land it (one job per task). `queued` until a runner claims it; `claimed` while that claim's
 * lease runs (a claim past `lease_expires_at` may be taken again, with the next lease).
 */
export const landJobTable = sqliteTable(
  "land_jobs",
  {
    id: text("id").primaryKey(),
    taskId: text("task_id")
      .notNull()
      .unique()
      .references(() => taskTable.id, { onDelete: "cascade" }),
    projectId: text("project_id")
      .notNull()
      .references(() => projectTable.id, { onDelete: "cascade" }),
    state: text("state", { enum: LAND_JOB_STATES }).notNull(),
    /** What the runner is asked: land, or (PR mode) open the pull request or check on it. */
    mode: text("mode", { enum: LAND_JOB_MODES }).notNull().default("land"),
    runnerId: text("runner_id"),
    /** The fencing token: every claim takes the next one; calls under an older one are refused. */
    lease: integer("lease").notNull().default(0),
    leaseExpiresAt: integer("lease_expires_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [
    index("land_jobs_created_idx").on(table.createdAt),
    index("land_jobs_project_idx").on(table.projectId, table.state),
  ],
);

/** The diff a runner reported for a task's branch (the server cannot run git on a remote repository). */
export const taskDiffTable = sqliteTable("task_diffs", {
  taskId: text("task_id")
    .primaryKey()
    .references(() => taskTable.id, { onDelete: "cascade" }),
  base: text("base").notNull(),
  head: text("head").notNull(),
  files: text("files", { mode: "json" }).$type<DiffFile[]>().notNull(),
  patch: text("patch").notNull(),
  isTruncated: integer("is_truncated", { mode: "boolean" }).notNull().default(false),
  reportedAt: integer("reported_at", { mode: "timestamp_ms" }).notNull(),
});

export type LandJobRow = typeof landJobTable.$inferSelect;
export type TaskDiffRow = typeof taskDiffTable.$inferSelect;
