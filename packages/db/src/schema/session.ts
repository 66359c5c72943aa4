import { END_REASONS, LOG_STREAMS, SESSION_ROLES, SESSION_STATUSES, SESSION_STOP_REASONS } from "@maestro/domain";
import { type AnySQLiteColumn, index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { projectTable } from "./project";
import { taskTable } from "./task";

/** What the runner launched: argv and the names (never values) of the environment. */
export interface LaunchManifest {
  argv: string[];
  envNames: string[];
}

export const sessionTable = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id")
      .notNull()
      .references(() => projectTable.id, { onDelete: "cascade" }),
    agent: text("agent").notNull(),
    role: text("role", { enum: SESSION_ROLES }).notNull(),
    status: text("status", { enum: SESSION_STATUSES }).notNull(),
    attempt: integer("attempt").notNull(),
    runnerId: text("runner_id"),
    // Fencing token: every runner call carries it; a call with an older lease is refused.
    lease: integer("lease").notNull().default(0),
    pid: integer("pid"),
    cwd: text("cwd"),
    worktreePath: text("worktree_path"),
    branch: text("branch"),
    prompt: text("prompt").notNull(),
    exitCode: integer("exit_code"),
    error: text("error"),
    agentSessionId: text("agent_session_id"),
    parentSessionId: text("parent_session_id").references((): AnySQLiteColumn => sessionTable.id, {
      onDelete: "set null",
    }),
    resumedFromId: text("resumed_from_id").references((): AnySQLiteColumn => sessionTable.id, {
      onDelete: "set null",
    }),
    resumeReason: text("resume_reason"),
    followUp: text("follow_up"),
    useWorktree: integer("use_worktree", { mode: "boolean" }).notNull().default(false),
    isQueue: integer("is_queue", { mode: "boolean" }).notNull().default(false),
    queueIndex: integer("queue_index").notNull().default(0),
    lastReport: text("last_report"),
    // Only a hash: the token itself lives in the agent's environment and nowhere else.
    tokenHash: text("token_hash").notNull(),
    costUsd: real("cost_usd").notNull().default(0),
    costIsEstimate: integer("cost_is_estimate", { mode: "boolean" }).notNull().default(false),
    tokensIn: integer("tokens_in").notNull().default(0),
    tokensOut: integer("tokens_out").notNull().default(0),
    nextSeq: integer("next_seq").notNull().default(1),
    stopRequested: integer("stop_requested", { mode: "boolean" }).notNull().default(false),
    stopReason: text("stop_reason", { enum: SESSION_STOP_REASONS }),
    manifest: text("manifest", { mode: "json" }).$type<LaunchManifest>(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    startedAt: integer("started_at", { mode: "timestamp_ms" }),
    endedAt: integer("ended_at", { mode: "timestamp_ms" }),
    lastHeartbeatAt: integer("last_heartbeat_at", { mode: "timestamp_ms" }),
    lastOutputAt: integer("last_output_at", { mode: "timestamp_ms" }),
    stalledAt: integer("stalled_at", { mode: "timestamp_ms" }),
    endReason: text("end_reason", { enum: END_REASONS }),
    stoppedBy: text("stopped_by"),
    peakRssMb: integer("peak_rss_mb"),
  },
  (table) => [
    index("sessions_project_idx").on(table.projectId, table.createdAt),
    // The claim takes the oldest queued session: one index walk, no sort of the queue.
    index("sessions_status_created_idx").on(table.status, table.createdAt),
    index("sessions_token_idx").on(table.tokenHash),
  ],
);

export const sessionTaskTable = sqliteTable(
  "session_tasks",
  {
    sessionId: text("session_id")
      .notNull()
      .references(() => sessionTable.id, { onDelete: "cascade" }),
    taskId: text("task_id")
      .notNull()
      .references(() => taskTable.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.sessionId, table.taskId] }),
    index("session_tasks_task_idx").on(table.taskId),
  ],
);

export const sessionLogTable = sqliteTable(
  "session_logs",
  {
    sessionId: text("session_id")
      .notNull()
      .references(() => sessionTable.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    stream: text("stream", { enum: LOG_STREAMS }).notNull(),
    text: text("text").notNull(),
    ts: integer("ts", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.sessionId, table.seq] })],
);

export type SessionRow = typeof sessionTable.$inferSelect;
