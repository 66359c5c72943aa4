import { type Db, findTaskById } from "@maestro/db";
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
export async function notificationOf(tx: Db, event: MaestroEvent, projectKey: string): Promise<Notification | null> {
  const trigger = noticeTriggerOf(event);
  if (!trigger) return null;
  const notice = noticeOf(trigger, {
    projectKey,
    sessionTask: await sessionTaskOf(tx, trigger),
    isGraphFinished: trigger.kind === "task_closed" && (await isGraphFinished(tx, event.projectId)),
  });
  if (!notice || !isWebhookNotice(notice)) return null;
  return { ...notice, event: notice.kind };
}

async function sessionTaskOf(tx: Db, trigger: NoticeTrigger) {
  const taskId = sessionTaskIdOf(trigger);
  return taskId ? ((await findTaskById(tx, taskId)) ?? null) : null;
}
