import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Append-only activity log; `id` is the durable, monotonic cursor of live subscriptions. */
export const eventTable = sqliteTable(
  "events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    // No foreign key: the audit trail outlives the project it talks about.
    projectId: text("project_id").notNull(),
    entity: text("entity").notNull(),
    entityId: text("entity_id").notNull(),
    kind: text("kind").notNull(),
    actor: text("actor").notNull(),
    payload: text("payload", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    ts: integer("ts", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [index("events_project_idx").on(table.projectId, table.id), index("events_entity_idx").on(table.entityId)],
);

export type EventRow = typeof eventTable.$inferSelect;
