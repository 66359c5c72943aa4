import { type Db, saveAutopilot } from "@maestro/db";
import type { AutopilotState, AutopilotStateName, Project } from "@maestro/domain";
import type { RecordEvent } from "../unit-of-work";

/** Stores a project's autopilot state and records it; the scheduler reacts to the event. */
export async function changeAutopilot(
  tx: Db,
  record: RecordEvent,
  project: Project,
  values: { state: Exclude<AutopilotStateName, "off">; maxConcurrent: number | null; pauseReason?: string | null },
): Promise<AutopilotState> {
  const autopilot = await saveAutopilot(tx, { projectId: project.id, ...values });
  record({
    kind: "autopilot.updated",
    entity: "project",
    entityId: project.id,
    projectId: project.id,
    payload: { autopilot },
  });
  return autopilot;
}
