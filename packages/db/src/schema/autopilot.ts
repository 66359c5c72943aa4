import { AUTOPILOT_STATES } from "@maestro/domain";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { projectTable } from "./project";

/** A project's autopilot: present while it is on or paused (no row = off). */
export const autopilotTable = sqliteTable("autopilots", {
  projectId: text("project_id")
    .primaryKey()
    .references(() => projectTable.id, { onDelete: "cascade" }),
  state: text("state", { enum: AUTOPILOT_STATES }).notNull(),
  maxConcurrent: integer("max_concurrent"),
  /** Why it is paused when something other than a person paused it (a budget reached); null otherwise. */
  pauseReason: text("pause_reason"),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
});

/** An agent profile paused by a usage limit until `until` (built-in profiles too, hence by name). */
export const agentPauseTable = sqliteTable("agent_pauses", {
  agent: text("agent").primaryKey(),
  until: integer("until", { mode: "timestamp_ms" }).notNull(),
  reason: text("reason").notNull(),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
});

export type AutopilotRow = typeof autopilotTable.$inferSelect;
export type AgentPauseRow = typeof agentPauseTable.$inferSelect;
