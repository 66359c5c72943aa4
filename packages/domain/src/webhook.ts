import { z } from "zod";
import { EntityRef, Timestamp, oneOf } from "./common";
import { PageLimit, TimeCursor } from "./page";

/** What a project's webhook can be told about (`--notify`). */
export const WEBHOOK_EVENTS = ["needs_input", "failed", "review", "approval", "autopilot_done"] as const;
export const WebhookEvent = oneOf(WEBHOOK_EVENTS);
export type WebhookEvent = z.infer<typeof WebhookEvent>;

export const DELIVERY_STATUSES = ["queued", "delivered", "failed"] as const;
export const DeliveryStatus = oneOf(DELIVERY_STATUSES);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

/** Attempts before a delivery is given up as failed. */
export const WEBHOOK_MAX_ATTEMPTS = 5;

export const WebhookUrl = z
  .string()
  .trim()
  .max(2048, "must be at most 2048 characters")
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
    } catch {
      return false;
    }
  }, "must be an http:// or https:// URL");

export const WebhookSecret = z
  .string()
  .min(8, "must be at least 8 characters")
  .max(256, "must be at most 256 characters")
  .refine((value) => !/[\r\n]/.test(value), "must be one line");

export const WebhookNotify = z
  .array(WebhookEvent)
  .min(1, "must name at least one event")
  .max(WEBHOOK_EVENTS.length)
  .transform((events) => [...new Set(events)]);

/** `url: null` removes the webhook; an omitted secret keeps the one set, `null` clears it. */
export const SetWebhookInput = z.object({
  projectId: EntityRef,
  url: WebhookUrl.nullable(),
  secret: WebhookSecret.nullish(),
  notify: WebhookNotify.optional(),
});
export type SetWebhookInput = z.input<typeof SetWebhookInput>;

/** A project's webhook as the API shows it: the secret itself never leaves the server. */
export const Webhook = z.object({
  url: z.string(),
  notify: z.array(WebhookEvent),
  secretSet: z.boolean(),
});
export type Webhook = z.infer<typeof Webhook>;

export const WebhookDelivery = z.object({
  id: z.string(),
  projectId: z.string(),
  event: WebhookEvent,
  status: DeliveryStatus,
  attempts: z.number().int(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: Timestamp.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export const WebhookRefInput = z.object({ projectId: EntityRef });
export type WebhookRefInput = z.infer<typeof WebhookRefInput>;

/** Deliveries newest first, a page at a time. */
export const ListWebhookDeliveriesInput = z.object({ projectId: EntityRef, limit: PageLimit, cursor: TimeCursor });
export type ListWebhookDeliveriesInput = z.input<typeof ListWebhookDeliveriesInput>;

/** The JSON body POSTed to a webhook; `text` is the one line Slack- and Discord-style hooks render. */
export interface WebhookPayload {
  event: WebhookEvent;
  text: string;
  /** Discord's incoming webhooks read `content`, Slack's read `text`. */
  content: string;
  project: { key: string; name: string };
  task: { key: string; title: string } | null;
  sessionId: string | null;
  url: string;
  ts: string;
}

/** Capped backoff between attempts: base·2^(attempt-1), at most max. */
export function webhookBackoffMs(attempt: number, baseMs = 5_000, maxMs = 300_000): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
}
