import { AUTOPILOT_STATES } from "@maestro/domain";
import { integer, pgTable, text } from "drizzle-orm/pg-core";
import { timestampMs } from "./columns";
import { projectTable } from "./project";

/** A project's autopilot: present while it is on or paused (no row = off). */
export const autopilotTable = pgTable("autopilots", {
  projectId: text("project_id")
    .primaryKey()
    .references(() => projectTable.id, { onDelete: "cascade" }),
  state: text("state", { enum: AUTOPILOT_STATES }).notNull(),
  maxConcurrent: integer("max_concurrent"),
  /** Why it is paused when something other than a person paused it (a budget reached); null otherwise. */
  pauseReason: text("pause_reason"),
  updatedAt: timestampMs("updated_at").notNull(),
});

/**
 * An account (accountOf: explicit, or derived from adapter and credential variables) paused by a
 * usage limit until `until`; every profile of it waits. Table and column keep their first names
 * (`agent_pauses.agent`, from when a pause was one profile's): the rows are short-lived, no migration.
 */
export const accountPauseTable = pgTable("agent_pauses", {
  account: text("agent").primaryKey(),
  until: timestampMs("until").notNull(),
  reason: text("reason").notNull(),
  createdAt: timestampMs("created_at").notNull(),
});
