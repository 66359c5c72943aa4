import { type MaestroEvent, type Notice, type NoticeKind, clipLine } from "@maestro/domain";

/** What each kind is called on the settings page ("Tell me when …"). */
export const NOTICE_KIND_LABELS: Readonly<Record<NoticeKind, string>> = {
  needs_input: "A session needs input",
  failed: "A task fails",
  review: "A task waits for review",
  approval: "A spec waits for approval",
  usage_limit: "A usage limit pauses an agent",
  autopilot_done: "Autopilot finishes its graph",
};

export interface NoticeText {
  title: string;
  body: string;
}

/**
 * The person's own changes (from this dashboard or their CLI, both the owner) are not news to
 * them; agents, runners and the server's own work are.
 */
export function isOwnAction(event: Pick<MaestroEvent, "actor">): boolean {
  return event.actor === "owner";
}

/** A notification's title and body: the title says what happened to what, the body adds the detail. */
export function noticeText(notice: Notice, projectKey: string): NoticeText {
  const { task, session, spec } = notice;
  const taskLine = task ? `${task.key} ${task.title}` : `Project ${projectKey}`;
  switch (notice.kind) {
    case "needs_input":
      return {
        title: `${task?.key ?? projectKey} needs input`,
        body: session?.lastReport ? clipLine(session.lastReport, 200) : taskLine,
      };
    case "failed":
      return { title: `${task?.key ?? projectKey} failed`, body: task?.title ?? "" };
    case "review":
      return { title: `${task?.key ?? projectKey} waits for review`, body: task?.title ?? "" };
    case "approval":
      return { title: `Spec “${spec?.name ?? ""}” waits for approval`, body: `Project ${projectKey}` };
    case "usage_limit":
      return {
        title: `${session?.agent ?? "An agent"} paused by a usage limit`,
        body: session?.error ? clipLine(session.error, 200) : taskLine,
      };
    case "autopilot_done":
      return { title: `Autopilot finished ${projectKey}`, body: `Every task is closed; the last was ${taskLine}` };
  }
}
