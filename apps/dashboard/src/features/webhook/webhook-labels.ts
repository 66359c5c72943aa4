import type { DeliveryStatus, WebhookDelivery, WebhookEvent } from "@maestro/domain";

export const WEBHOOK_EVENT_LABELS: Readonly<Record<WebhookEvent, string>> = {
  needs_input: "Needs input",
  failed: "Task failed",
  review: "Waiting for review",
  approval: "Waiting for approval",
  autopilot_done: "Autopilot finished",
};

const STATUS_LABELS: Readonly<Record<DeliveryStatus, string>> = {
  queued: "Queued",
  delivered: "Delivered",
  failed: "Failed",
};

/** "Delivered", "Failed", or "Queued" (with "retrying" once an attempt failed). */
export function deliveryStatusText(delivery: Pick<WebhookDelivery, "status" | "attempts">): string {
  if (delivery.status === "queued" && delivery.attempts > 0) return "Queued, retrying";
  return STATUS_LABELS[delivery.status];
}

/** The receiver's answer: "HTTP 200", "HTTP 500: boom", or the error when there was no answer. */
export function deliveryResponseText(delivery: Pick<WebhookDelivery, "lastStatusCode" | "lastError">): string {
  const { lastStatusCode: code, lastError: error } = delivery;
  if (code === null) return error ?? "—";
  // The stored error already starts with the status ("HTTP 500: …") when there was one.
  return error ?? `HTTP ${code}`;
}
