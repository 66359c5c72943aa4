import { countTasksByStatus } from "@maestro/db";
import type { ProjectRefInput, TaskCounts } from "@maestro/domain";
import { requireProject } from "../project/resolve-project";
import { assertMayReadProject } from "../session/session-access";
import type { VerbArgs } from "../unit-of-work";

export function countTasks({ ctx, input }: VerbArgs<ProjectRefInput>): TaskCounts {
  const db = ctx.database.db;
  const project = requireProject(db, input.id);
  assertMayReadProject(ctx, project.id);
  return countTasksByStatus(db, project.id);
}
