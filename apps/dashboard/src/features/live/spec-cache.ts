import type { MaestroEvent } from "@maestro/domain";

/*
 * Spec views (list, detail with lint and approvals, versions, diffs, the inbox) are derived on
 * the server from several tables, so spec events refetch them rather than patch them. A task
 * of a spec changing moves only the traceability table and the tasks preview.
 */
export type SpecRefresh = "all" | "tasks" | null;

export function specRefreshFor(event: MaestroEvent): SpecRefresh {
  switch (event.kind) {
    case "spec.created":
    case "spec.updated":
    case "spec.versioned":
    case "spec.reviewed":
    case "spec.tasks_synced":
      return "all";
    case "task.created":
    case "task.updated":
      return event.payload.task.specId ? "tasks" : null;
    case "task.deleted":
      // The event no longer says whether the task belonged to a spec.
      return "tasks";
    default:
      return null;
  }
}
