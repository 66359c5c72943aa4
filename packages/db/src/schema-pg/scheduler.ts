import { bigint, pgTable, text } from "drizzle-orm/pg-core";
import { timestampMs } from "./columns";
import { projectTable } from "./project";

/** Who schedules a project, as in the SQLite schema (schema/scheduler.ts); the epoch a bigint. */
export const schedulerLeaseTable = pgTable("scheduler_leases", {
  projectId: text("project_id")
    .primaryKey()
    .references(() => projectTable.id, { onDelete: "cascade" }),
  holder: text("holder").notNull(),
  epoch: bigint("epoch", { mode: "number" }).notNull(),
  expiresAt: timestampMs("expires_at").notNull(),
});
