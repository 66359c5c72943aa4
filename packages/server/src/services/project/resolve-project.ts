import { type Db, findProjectByRef } from "@maestro/db";
import { type Project, notFound } from "@maestro/domain";

export async function requireProject(db: Db, ref: string): Promise<Project> {
  const project = await findProjectByRef(db, ref);
  if (!project) throw notFound("project", ref);
  return project;
}
