import { type Db, findAutopilot, hasTaskIn } from "@maestro/db";
import { type AutopilotRefInput, OPEN_TASK_STATUSES } from "@maestro/domain";
import { requireProject } from "../project/resolve-project";
import type { VerbArgs } from "../unit-of-work";

/**
 * Autopilot runs the project and no task is left open: the last one just closed. Asked for each
 * closing task (webhooks, browser notifications), so it reads no task rows.
 */
export async function isGraphFinished(db: Db, projectId: string): Promise<boolean> {
  if ((await findAutopilot(db, projectId)).state !== "on") return false;
  return !(await hasTaskIn(db, projectId, OPEN_TASK_STATUSES));
}

/** Whether autopilot finished the project's graph (the dashboard's autopilot_done notice). */
export async function graphFinished({ ctx, input }: VerbArgs<AutopilotRefInput>): Promise<boolean> {
  const project = await requireProject(ctx.database.db, input.projectId);
  return await isGraphFinished(ctx.database.db, project.id);
}
