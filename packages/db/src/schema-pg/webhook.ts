import { DELIVERY_STATUSES, type WebhookEvent } from "@maestro/domain";
import { bigint, index, integer, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { timestampMs } from "./columns";
import { projectTable } from "./project";

/** A project's webhook; apart from settings so the secret is never part of a project or its events. */
export const projectWebhookTable = pgTable("project_webhooks", {
  projectId: text("project_id")
    .primaryKey()
    .references(() => projectTable.id, { onDelete: "cascade" }),
  url: text("url").notNull(),
  secret: text("secret"),
  notify: jsonb("notify").$type<WebhookEvent[]>().notNull(),
  updatedAt: timestampMs("updated_at").notNull(),
});

/** The outbox: one row per notification, written in the transaction of the event that caused it. */
export const webhookDeliveryTable = pgTable(
  "webhook_deliveries",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
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
    nextAttemptAt: timestampMs("next_attempt_at"),
    createdAt: timestampMs("created_at").notNull(),
    updatedAt: timestampMs("updated_at").notNull(),
  },
  (table) => [
    index("webhook_deliveries_due_idx").on(table.status, table.nextAttemptAt),
    index("webhook_deliveries_project_idx").on(table.projectId, table.createdAt),
  ],
);
