import { type DbClient, findTaskById } from "@maestro/db";
import {
  type MaestroEvent,
  type Notice,
  type NoticeTrigger,
  type WebhookEvent,
  isWebhookNotice,
  noticeOf,
  noticeTriggerOf,
  sessionTaskIdOf,
} from "@maestro/domain";
import { isGraphFinished } from "../autopilot/graph-finished";

export type Notification = Notice & { event: WebhookEvent };

/**
 * The webhook notification an event makes, if any; read inside the event's own transaction.
 * The rules are the domain's (`noticeOf`), shared with the dashboard's browser notifications.
 */
export function notificationOf(tx: DbClient, event: MaestroEvent, projectKey: string): Notification | null {
  const trigger = noticeTriggerOf(event);
  if (!trigger) return null;
  const notice = noticeOf(trigger, {
    projectKey,
    sessionTask: sessionTaskOf(tx, trigger),
    isGraphFinished: trigger.kind === "task_closed" && isGraphFinished(tx, event.projectId),
  });
  if (!notice || !isWebhookNotice(notice)) return null;
  return { ...notice, event: notice.kind };
}

function sessionTaskOf(tx: DbClient, trigger: NoticeTrigger) {
  const taskId = sessionTaskIdOf(trigger);
  return taskId ? (findTaskById(tx, taskId) ?? null) : null;
}
