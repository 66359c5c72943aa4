import { LANDER_LAND_STATES } from "./attention";
import type { MaestroEvent } from "./event";
import { type Session, currentTaskIdOf } from "./session";
import type { Spec } from "./spec";
import type { Task, TaskStatus } from "./task";
import type { WebhookEvent } from "./webhook";

/**
 * What a person can be told about: the webhook's events, and (in the browser only) an agent
 * paused by a usage limit. One mapping from events serves the webhook outbox and the dashboard.
 */
export const NOTICE_KINDS = ["needs_input", "failed", "review", "approval", "usage_limit", "autopilot_done"] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** The part of an event that may notify, read from the event alone (no lookups yet). */
export type NoticeTrigger =
  | { kind: "needs_input" | "usage_limit"; session: Session }
  | { kind: "failed" | "review"; task: Task }
  | { kind: "approval"; spec: Spec }
  /** A task closed: autopilot_done when autopilot runs the project and nothing is left open. */
  | { kind: "task_closed"; task: Task };

/** What the reader looked up for a trigger (each reader has its own store: the database, a cache). */
export interface NoticeFacts {
  projectKey: string;
  /** The task a session works on (needs input, usage limit), when it has one. */
  sessionTask?: Task | null;
  /** Asked for `task_closed` only: autopilot runs the project and no task is left open. */
  isGraphFinished?: boolean;
}

export interface Notice {
  kind: NoticeKind;
  projectId: string;
  task: Task | null;
  /** The session that needs input or waits on a usage limit. */
  session: Session | null;
  sessionId: string | null;
  spec: Spec | null;
  /** The dashboard page it opens. */
  path: string;
  /** What happened, after the project's key ("a task failed"). */
  summary: string;
}

export const OPEN_TASK_STATUSES: readonly TaskStatus[] = ["todo", "in_progress", "in_review", "blocked"];
const CLOSED_TASK_STATUSES: readonly TaskStatus[] = ["done", "failed", "cancelled"];

/** Whether an event could notify, and about what; null for the (many) events that never do. */
export function noticeTriggerOf(event: MaestroEvent): NoticeTrigger | null {
  switch (event.kind) {
    case "session.updated": {
      const { session, changed } = event.payload;
      if (!changed.includes("status")) return null;
      if (session.status === "needs_input") return { kind: "needs_input", session };
      // A session waits only for its account's usage-limit pause to end. Only one whose agent ran
      // hit the limit: the queued ones a pause then holds (one event each) are not news again.
      if (session.status === "waiting" && session.startedAt) return { kind: "usage_limit", session };
      return null;
    }
    case "task.updated":
      return taskTrigger(event.payload.task, event.payload.changed);
    case "spec.reviewed":
      return event.payload.review.kind === "submission" ? { kind: "approval", spec: event.payload.spec } : null;
    default:
      return null;
  }
}

function taskTrigger(task: Task, changed: readonly string[]): NoticeTrigger | null {
  if (!changed.includes("status")) return null;
  if (task.status === "failed") return { kind: "failed", task };
  // A task the lander takes on its own (an auto-land project's) waits for nobody.
  if (task.status === "in_review") {
    return LANDER_LAND_STATES.includes(task.landing.landState) ? null : { kind: "review", task };
  }
  return CLOSED_TASK_STATUSES.includes(task.status) ? { kind: "task_closed", task } : null;
}

/** The task a trigger's session works on, for the reader to look up (null when none is needed). */
export function sessionTaskIdOf(trigger: NoticeTrigger): string | null {
  if (trigger.kind !== "needs_input" && trigger.kind !== "usage_limit") return null;
  return currentTaskIdOf(trigger.session) ?? null;
}

/** The notice a trigger makes, given what the reader looked up. */
export function noticeOf(trigger: NoticeTrigger, facts: NoticeFacts): Notice | null {
  const project = `/projects/${facts.projectKey}`;
  switch (trigger.kind) {
    case "needs_input": {
      const { session } = trigger;
      const question = session.lastReport ? `: ${clipLine(session.lastReport, 200)}` : "";
      const summary = `a session needs input${question}`;
      return { ...ofSession(session, facts), kind: "needs_input", path: `/sessions/${session.id}`, summary };
    }
    case "usage_limit": {
      const summary = usageLimitSummary(trigger.session);
      return { ...ofSession(trigger.session, facts), kind: "usage_limit", path: "/agents", summary };
    }
    case "failed":
      return {
        ...ofTask(trigger.task),
        kind: "failed",
        path: taskPath(project, "list", trigger.task),
        summary: "a task failed",
      };
    case "review": {
      const summary = "a task waits for review";
      return { ...ofTask(trigger.task), kind: "review", path: taskPath(project, "review", trigger.task), summary };
    }
    case "approval": {
      const { spec } = trigger;
      const summary = `spec “${spec.name}” waits for approval`;
      const path = `${project}/specs/${spec.slug}`;
      return {
        kind: "approval",
        projectId: spec.projectId,
        task: null,
        session: null,
        sessionId: null,
        spec,
        path,
        summary,
      };
    }
    case "task_closed": {
      if (!facts.isGraphFinished) return null;
      const summary = "autopilot finished its graph";
      return { ...ofTask(trigger.task), kind: "autopilot_done", path: `${project}/graph`, summary };
    }
  }
}

type Subject = Pick<Notice, "projectId" | "task" | "session" | "sessionId" | "spec">;

function ofSession(session: Session, facts: NoticeFacts): Subject {
  const task = facts.sessionTask ?? null;
  return { projectId: session.projectId, task, session, sessionId: session.id, spec: null };
}

function ofTask(task: Task): Subject {
  return { projectId: task.projectId, task, session: null, sessionId: null, spec: null };
}

/** A project view with the task's panel open. */
function taskPath(project: string, view: string, task: Task): string {
  return `${project}/${view}?task=${task.key}`;
}

function usageLimitSummary(session: Session): string {
  const why = session.error ? `: ${clipLine(session.error, 200)}` : "";
  return `a usage limit paused agent ${session.agent}${why}`;
}

/** Whether a notice is one a project's webhook can be told about (usage limits are the browser's only). */
export function isWebhookNotice(notice: Notice): notice is Notice & { kind: WebhookEvent } {
  return notice.kind !== "usage_limit";
}

/** One line of at most `max` characters, whatever an agent wrote. */
export function clipLine(text: string, max: number): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
