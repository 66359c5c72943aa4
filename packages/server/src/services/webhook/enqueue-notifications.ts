import { type Db, enqueueDelivery, findProjectById, findWebhookTarget } from "@maestro/db";
import type { MaestroEvent, MaestroEventKind, WebhookPayload } from "@maestro/domain";
import { notificationOf } from "./notification-of";

/** Only these kinds can notify: every other event skips the webhook lookup. */
const NOTIFYING_KINDS: ReadonlySet<MaestroEventKind> = new Set(["session.updated", "task.updated", "spec.reviewed"]);

/** Whether recording `event` can have queued a delivery (the sender looks for work only then). */
export function mayNotify(event: MaestroEvent): boolean {
  return NOTIFYING_KINDS.has(event.kind);
}

/**
 * The outbox half of a webhook: called in the transaction that records `event`, it queues a
 * delivery when the project's webhook wants it, so a committed event always gets its delivery.
 */
export async function enqueueNotifications(tx: Db, event: MaestroEvent, serverUrl: string): Promise<void> {
  if (!mayNotify(event)) return;
  const target = await findWebhookTarget(tx, event.projectId);
  if (!target) return;
  const project = await findProjectById(tx, event.projectId);
  if (!project) return;
  const notification = await notificationOf(tx, event, project.key);
  if (!notification || !target.notify.includes(notification.event)) return;
  const { task } = notification;
  const subject = task ? ` ${task.key} “${task.title}”` : "";
  const text = `[${project.key}] ${notification.summary}${subject}`;
  const payload: WebhookPayload = {
    event: notification.event,
    text,
    content: text,
    project: { key: project.key, name: project.name },
    task: task ? { key: task.key, title: task.title } : null,
    sessionId: notification.sessionId,
    url: `${serverUrl}${notification.path}`,
    ts: event.ts,
  };
  await enqueueDelivery(tx, {
    projectId: project.id,
    event: notification.event,
    url: target.url,
    body: JSON.stringify(payload),
  });
}
