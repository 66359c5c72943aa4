import { type MaestroEvent, isSessionLive } from "@maestro/domain";

/** Task fields that can make a task startable or change what it may start with. */
const PLANNED_FIELDS = new Set([
  "dependsOn",
  "parentId",
  "agent",
  "command",
  "touches",
  "priority",
  "retryAt",
  "heldAt",
  "failedAttempts",
  "maxAttempts",
  "budgetUsd",
  "budgetTokens",
]);
/**
 * Statuses a task can move into that may start something: it is todo again, or done, failed or
 * cancelled (its dependents and its parent look again). A task starting work (in progress, in
 * review, blocked) frees nothing and makes nothing ready.
 */
const PLANNED_STATUSES = new Set(["todo", "done", "failed", "cancelled"]);

/**
 * Whether an event can make a task ready, free a slot or change a limit. Each pass reads the
 * whole project, so the many events that cannot (titles, heartbeats, a session going from
 * starting to running, log output) do not trigger one.
 */
export function isRelevant(event: MaestroEvent): boolean {
  switch (event.kind) {
    case "task.created":
    case "task.deleted":
    case "autopilot.updated":
    case "project.updated":
      return true;
    case "task.updated":
      return (
        event.payload.changed.some((field) => PLANNED_FIELDS.has(field)) ||
        (event.payload.changed.includes("status") && PLANNED_STATUSES.has(event.payload.task.status))
      );
    case "session.updated":
      // A session leaving its process behind (ended, waiting for a usage limit, queued again)
      // may free a slot; one starting or running frees none.
      return event.payload.changed.includes("status") && !isSessionLive(event.payload.session.status);
    default:
      return false;
  }
}
