import { countTasksByStatus } from "@maestro/db";
import type { ProjectRefInput, TaskCounts } from "@maestro/domain";
import { requireProject } from "../project/resolve-project";
import { assertMayReadProject } from "../session/session-access";
import type { VerbArgs } from "../unit-of-work";

export async function countTasks({ ctx, input }: VerbArgs<ProjectRefInput>): Promise<TaskCounts> {
  const db = ctx.database.db;
  const project = await requireProject(db, input.id);
  assertMayReadProject(ctx, project.id);
  return await countTasksByStatus(db, project.id);
}
