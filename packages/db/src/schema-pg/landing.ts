import { CHECK_STATUSES, type LineComment, REVIEW_VERDICTS } from "@maestro/domain";
import { index, integer, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { timestampMs } from "./columns";
import { projectTable } from "./project";
import { sessionTable } from "./session";
import { taskTable } from "./task";

/** A person's verdicts on a task's diff: its review history. */
export const taskReviewTable = pgTable(
  "task_reviews",
  {
    id: text("id").primaryKey(),
    taskId: text("task_id")
      .notNull()
      .references(() => taskTable.id, { onDelete: "cascade" }),
    projectId: text("project_id")
      .notNull()
      .references(() => projectTable.id, { onDelete: "cascade" }),
    actor: text("actor").notNull(),
    verdict: text("verdict", { enum: REVIEW_VERDICTS }).notNull(),
    comment: text("comment").notNull().default(""),
    comments: jsonb("comments").$type<LineComment[]>().notNull(),
    headCommit: text("head_commit"),
    createdAt: timestampMs("created_at").notNull(),
  },
  (table) => [index("task_reviews_task_idx").on(table.taskId, table.createdAt)],
);

/** Each run of a project check in a task's worktree. */
export const taskCheckTable = pgTable(
  "task_checks",
  {
    id: text("id").primaryKey(),
    taskId: text("task_id")
      .notNull()
      .references(() => taskTable.id, { onDelete: "cascade" }),
    projectId: text("project_id")
      .notNull()
      .references(() => projectTable.id, { onDelete: "cascade" }),
    sessionId: text("session_id")
      .notNull()
      .references(() => sessionTable.id, { onDelete: "cascade" }),
    command: text("command").notNull(),
    status: text("status", { enum: CHECK_STATUSES }).notNull(),
    exitCode: integer("exit_code"),
    outputTail: text("output_tail").notNull().default(""),
    startedAt: timestampMs("started_at").notNull(),
    endedAt: timestampMs("ended_at"),
  },
  (table) => [index("task_checks_task_idx").on(table.taskId, table.startedAt)],
);
