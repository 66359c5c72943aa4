import { type DbClient, findAutopilot, findTaskById, listTasks } from "@maestro/db";
import { type MaestroEvent, type Task, type TaskStatus, type WebhookEvent, currentTaskIdOf } from "@maestro/domain";

export interface Notification {
  event: WebhookEvent;
  task: Task | null;
  sessionId: string | null;
  /** The dashboard page it opens, below the server's URL. */
  path: string;
  /** What happened, after the project's key ("needs input: …"). */
  summary: string;
}

const OPEN_STATUSES: readonly TaskStatus[] = ["todo", "in_progress", "in_review", "blocked"];
const CLOSED_STATUSES: readonly TaskStatus[] = ["done", "failed", "cancelled"];

/** The webhook notification an event makes, if any; read inside the event's own transaction. */
export function notificationOf(tx: DbClient, event: MaestroEvent, projectKey: string): Notification | null {
  switch (event.kind) {
    case "session.updated": {
      const { session, changed } = event.payload;
      if (!changed.includes("status") || session.status !== "needs_input") return null;
      const taskId = currentTaskIdOf(session);
      const task = taskId ? (findTaskById(tx, taskId) ?? null) : null;
      const path = `/sessions/${session.id}`;
      const question = session.lastReport ? `: ${clip(session.lastReport, 200)}` : "";
      return { event: "needs_input", task, sessionId: session.id, path, summary: `a session needs input${question}` };
    }
    case "task.updated":
      return taskNotification(tx, event.payload, projectKey);
    case "spec.reviewed": {
      const { spec, review } = event.payload;
      if (review.kind !== "submission") return null;
      const path = `/projects/${projectKey}/specs/${spec.slug}`;
      return {
        event: "approval",
        task: null,
        sessionId: null,
        path,
        summary: `spec “${spec.name}” waits for approval`,
      };
    }
    default:
      return null;
  }
}

function taskNotification(
  tx: DbClient,
  payload: { task: Task; changed: string[] },
  projectKey: string,
): Notification | null {
  const { task, changed } = payload;
  if (!changed.includes("status")) return null;
  const base = { task, sessionId: null };
  if (task.status === "failed") {
    return { ...base, event: "failed", path: `/projects/${projectKey}/list`, summary: "a task failed" };
  }
  if (task.status === "in_review") {
    return { ...base, event: "review", path: `/projects/${projectKey}/review`, summary: "a task waits for review" };
  }
  if (CLOSED_STATUSES.includes(task.status) && isGraphFinished(tx, task.projectId)) {
    return {
      ...base,
      event: "autopilot_done",
      path: `/projects/${projectKey}/graph`,
      summary: "autopilot finished its graph",
    };
  }
  return null;
}

/** Autopilot runs the project and no task is left open: the last one just closed. */
function isGraphFinished(tx: DbClient, projectId: string): boolean {
  if (findAutopilot(tx, projectId).state !== "on") return false;
  return listTasks(tx, { projectId, statuses: OPEN_STATUSES }).length === 0;
}

/** One line of at most `max` characters, whatever the agent wrote. */
function clip(text: string, max: number): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
