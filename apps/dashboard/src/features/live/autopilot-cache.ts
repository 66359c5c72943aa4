import type { AutopilotState, MaestroEventKind } from "@maestro/domain";

/*
 * The autopilot status (queue, limits, why each task waits) is the scheduler's view of tasks
 * and sessions: the dashboard cannot patch it from one event, so it is refetched whenever a
 * task, a session, the project (its limits) or the autopilot of the project changes.
 */
const REFRESHING_KINDS: ReadonlySet<MaestroEventKind> = new Set<MaestroEventKind>([
  "task.created",
  "task.updated",
  "task.deleted",
  "session.created",
  "session.updated",
  "project.updated",
  "autopilot.updated",
]);

/** Agent output and reports change no scheduling fact, and arrive fast: they refetch nothing. */
export function refreshesAutopilot(kind: MaestroEventKind): boolean {
  return REFRESHING_KINDS.has(kind);
}

/** A cached status with the state of an `autopilot.updated` event (undefined stays undefined). */
export function withAutopilotState<S extends Pick<AutopilotState, "projectId" | "state" | "maxConcurrent">>(
  status: S | undefined,
  autopilot: AutopilotState,
): S | undefined {
  if (!status || status.projectId !== autopilot.projectId) return status;
  return { ...status, state: autopilot.state, maxConcurrent: autopilot.maxConcurrent };
}
