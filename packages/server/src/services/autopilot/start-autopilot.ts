import { findAutopilot } from "@maestro/db";
import type { StartAutopilotInput } from "@maestro/domain";
import { requireProject } from "../project/resolve-project";
import { type VerbArgs, inTransaction } from "../unit-of-work";
import { changeAutopilot } from "./autopilot-writes";
import { type AutopilotStatus, autopilotStatus } from "./read-autopilot";

/** Turns autopilot on (or changes its cap); the scheduler reacts to the event at once. */
export async function startAutopilot({ ctx, input }: VerbArgs<StartAutopilotInput>): Promise<AutopilotStatus> {
  await inTransaction(ctx, async (tx, record) => {
    const project = await requireProject(tx, input.projectId);
    const current = await findAutopilot(tx, project.id);
    const maxConcurrent = input.maxConcurrent === undefined ? current.maxConcurrent : input.maxConcurrent;
    await changeAutopilot(tx, record, project, { state: "on", maxConcurrent });
  });
  return await autopilotStatus({ ctx, input });
}
