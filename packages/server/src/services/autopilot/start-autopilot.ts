import { findAutopilot } from "@maestro/db";
import type { StartAutopilotInput } from "@maestro/domain";
import { requireProject } from "../project/resolve-project";
import { type VerbArgs, inTransaction } from "../unit-of-work";
import { changeAutopilot } from "./autopilot-writes";
import { type AutopilotStatus, autopilotStatus } from "./read-autopilot";

/** Turns autopilot on (or changes its cap); the scheduler reacts to the event at once. */
export function startAutopilot({ ctx, input }: VerbArgs<StartAutopilotInput>): AutopilotStatus {
  inTransaction(ctx, (tx, record) => {
    const project = requireProject(tx, input.projectId);
    const current = findAutopilot(tx, project.id);
    const maxConcurrent = input.maxConcurrent === undefined ? current.maxConcurrent : input.maxConcurrent;
    changeAutopilot(tx, record, project, { state: "on", maxConcurrent });
  });
  return autopilotStatus({ ctx, input });
}
