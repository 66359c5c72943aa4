import { type DbClient, findProjectByRef } from "@maestro/db";
import { type Project, notFound } from "@maestro/domain";

export function requireProject(db: DbClient, ref: string): Project {
  const project = findProjectByRef(db, ref);
  if (!project) throw notFound("project", ref);
  return project;
}
