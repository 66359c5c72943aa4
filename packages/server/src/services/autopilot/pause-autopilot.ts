import { findAutopilot } from "@maestro/db";
import { type AutopilotRefInput, DomainError } from "@maestro/domain";
import { requireProject } from "../project/resolve-project";
import { type VerbArgs, inTransaction } from "../unit-of-work";
import { changeAutopilot } from "./autopilot-writes";
import { type AutopilotStatus, autopilotStatus } from "./read-autopilot";

/** Starts nothing new; running sessions run on. */
export async function pauseAutopilot({ ctx, input }: VerbArgs<AutopilotRefInput>): Promise<AutopilotStatus> {
  await inTransaction(ctx, async (tx, record) => {
    const project = await requireProject(tx, input.projectId);
    const current = await findAutopilot(tx, project.id);
    if (current.state === "off") {
      throw new DomainError("INVALID_TRANSITION", `autopilot of ${project.key} is off: start it first`, {
        field: "projectId",
      });
    }
    await changeAutopilot(tx, record, project, { state: "paused", maxConcurrent: current.maxConcurrent });
  });
  return await autopilotStatus({ ctx, input });
}
