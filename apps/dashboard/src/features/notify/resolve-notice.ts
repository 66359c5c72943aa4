import {
  type MaestroEvent,
  type NoticeKind,
  type NoticeTrigger,
  type Task,
  noticeOf,
  noticeTriggerOf,
  sessionTaskIdOf,
} from "@maestro/domain";
import { type NoticeText, isOwnAction, noticeText } from "./notice-text";

/** What the dashboard looks up (from its cache, else the API) to word a notice. */
export interface NoticeLookups {
  projectKey: (projectId: string) => Promise<string>;
  task: (taskId: string) => Promise<Task | null>;
  /** Autopilot runs the project and no task is left open. */
  isGraphFinished: (projectId: string) => Promise<boolean>;
}

export interface BrowserNotice extends NoticeText {
  kind: NoticeKind;
  /** The page a click opens. */
  path: string;
  /** One per event: tabs that all show it replace each other's rather than stacking. */
  tag: string;
}

/** The kind a trigger would notify as (a closing task is news only when it finishes the graph). */
function kindOf(trigger: NoticeTrigger): NoticeKind {
  return trigger.kind === "task_closed" ? "autopilot_done" : trigger.kind;
}

/**
 * The browser notification a live event makes for a person who wants `kinds`, or null. The
 * rules are the domain's (`noticeOf`, shared with webhooks); lookups run only for events that
 * may notify.
 */
export async function browserNoticeFor(
  event: MaestroEvent,
  kinds: readonly NoticeKind[],
  lookups: NoticeLookups,
): Promise<BrowserNotice | null> {
  if (isOwnAction(event)) return null;
  const trigger = noticeTriggerOf(event);
  if (!trigger || !kinds.includes(kindOf(trigger))) return null;
  const taskId = sessionTaskIdOf(trigger);
  const projectKey = await lookups.projectKey(event.projectId);
  const notice = noticeOf(trigger, {
    projectKey,
    sessionTask: taskId ? await lookups.task(taskId) : null,
    isGraphFinished: trigger.kind === "task_closed" && (await lookups.isGraphFinished(event.projectId)),
  });
  if (!notice) return null;
  return { ...noticeText(notice, projectKey), kind: notice.kind, path: notice.path, tag: `maestro-event-${event.id}` };
}
