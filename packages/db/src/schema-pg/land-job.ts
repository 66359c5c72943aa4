import { type DiffFile, LAND_JOB_MODES, LAND_JOB_STATES } from "@maestro/domain";
import { boolean, index, integer, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { timestampMs } from "./columns";
import { projectTable } from "./project";
import { taskTable } from "./task";

/** Land jobs, as in the SQLite schema (schema/land-job.ts). */
export const landJobTable = pgTable(
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
    mode: text("mode", { enum: LAND_JOB_MODES }).notNull().default("land"),
    runnerId: text("runner_id"),
    lease: integer("lease").notNull().default(0),
    leaseExpiresAt: timestampMs("lease_expires_at"),
    createdAt: timestampMs("created_at").notNull(),
  },
  (table) => [
    index("land_jobs_created_idx").on(table.createdAt),
    index("land_jobs_project_idx").on(table.projectId, table.state),
  ],
);

/** A runner's reported diff of a task's branch, as in the SQLite schema. */
export const taskDiffTable = pgTable("task_diffs", {
  taskId: text("task_id")
    .primaryKey()
    .references(() => taskTable.id, { onDelete: "cascade" }),
  base: text("base").notNull(),
  head: text("head").notNull(),
  files: jsonb("files").$type<DiffFile[]>().notNull(),
  patch: text("patch").notNull(),
  isTruncated: boolean("is_truncated").notNull().default(false),
  reportedAt: timestampMs("reported_at").notNull(),
});
