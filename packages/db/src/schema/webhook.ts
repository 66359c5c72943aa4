import { DELIVERY_STATUSES, type WebhookEvent } from "@maestro/domain";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { projectTable } from "./project";

/** A project's webhook; apart from settings so the secret is never part of a project or its events. */
export const projectWebhookTable = sqliteTable("project_webhooks", {
  projectId: text("project_id")
    .primaryKey()
    .references(() => projectTable.id, { onDelete: "cascade" }),
  url: text("url").notNull(),
  secret: text("secret"),
  notify: text("notify", { mode: "json" }).$type<WebhookEvent[]>().notNull(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
});

/** The outbox: one row per notification, written in the transaction of the event that caused it. */
export const webhookDeliveryTable = sqliteTable(
  "webhook_deliveries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: text("project_id")
      .notNull()
      .references(() => projectTable.id, { onDelete: "cascade" }),
    event: text("event").$type<WebhookEvent>().notNull(),
    url: text("url").notNull(),
    body: text("body").notNull(),
    status: text("status", { enum: DELIVERY_STATUSES }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    lastStatusCode: integer("last_status_code"),
    lastError: text("last_error"),
    nextAttemptAt: integer("next_attempt_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [
    index("webhook_deliveries_due_idx").on(table.status, table.nextAttemptAt),
    index("webhook_deliveries_project_idx").on(table.projectId, table.createdAt),
  ],
);

export type ProjectWebhookRow = typeof projectWebhookTable.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveryTable.$inferSelect;
