import { bigint, index, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { timestampMs } from "./columns";

/** Append-only activity log; `id` is the durable, monotonic cursor of live subscriptions. */
export const eventTable = pgTable(
  "events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    // No foreign key: the audit trail outlives the project it talks about.
    projectId: text("project_id").notNull(),
    entity: text("entity").notNull(),
    entityId: text("entity_id").notNull(),
    kind: text("kind").notNull(),
    actor: text("actor").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    ts: timestampMs("ts").notNull(),
  },
  (table) => [index("events_project_idx").on(table.projectId, table.id), index("events_entity_idx").on(table.entityId)],
);
