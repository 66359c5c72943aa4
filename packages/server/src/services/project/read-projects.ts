import { listProjects as readProjects } from "@maestro/db";
import type { Project, ProjectRefInput } from "@maestro/domain";
import type { Context } from "../../context";
import type { VerbArgs } from "../unit-of-work";
import { requireProject } from "./resolve-project";

export function listProjects({ ctx }: { ctx: Context }): Project[] {
  return readProjects(ctx.database.db);
}

export function getProject({ ctx, input }: VerbArgs<ProjectRefInput>): Project {
  return requireProject(ctx.database.db, input.id);
}
