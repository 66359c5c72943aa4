import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { projectTable } from "./project";

/**
 * Who schedules a project (one instance at a time on a team server): the holder's instance id, the
 * epoch of its term (one more on every takeover, never reused, so a scheduling transaction can
 * check that its term is still the current one) and when the lease lapses unless renewed. The row
 * stays after a release (lapsed), so the next term's epoch keeps counting up.
 */
export const schedulerLeaseTable = sqliteTable("scheduler_leases", {
  projectId: text("project_id")
    .primaryKey()
    .references(() => projectTable.id, { onDelete: "cascade" }),
  holder: text("holder").notNull(),
  epoch: integer("epoch").notNull(),
  expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
});

export type SchedulerLeaseRow = typeof schedulerLeaseTable.$inferSelect;
