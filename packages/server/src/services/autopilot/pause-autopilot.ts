import { findAutopilot } from "@maestro/db";
import { type AutopilotRefInput, DomainError } from "@maestro/domain";
import { requireProject } from "../project/resolve-project";
import { type VerbArgs, inTransaction } from "../unit-of-work";
import { changeAutopilot } from "./autopilot-writes";
import { type AutopilotStatus, autopilotStatus } from "./read-autopilot";

/** Starts nothing new; running sessions run on. */
export function pauseAutopilot({ ctx, input }: VerbArgs<AutopilotRefInput>): AutopilotStatus {
  inTransaction(ctx, (tx, record) => {
    const project = requireProject(tx, input.projectId);
    const current = findAutopilot(tx, project.id);
    if (current.state === "off") {
      throw new DomainError("INVALID_TRANSITION", `autopilot of ${project.key} is off: start it first`, {
        field: "projectId",
      });
    }
    changeAutopilot(tx, record, project, { state: "paused", maxConcurrent: current.maxConcurrent });
  });
  return autopilotStatus({ ctx, input });
}
