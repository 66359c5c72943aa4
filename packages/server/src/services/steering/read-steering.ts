import { type ListSteeringInput, type SteeringDocument, type SteeringRefInput, notFound } from "@maestro/domain";
import { requireProject } from "../project/resolve-project";
import type { VerbArgs } from "../unit-of-work";
import { type SteeringFile, listSteeringFiles, readSteeringFile } from "./steering-files";

/** The project's steering documents (`<rootDir>/.maestro/steering/*.md`), by name. */
export function listSteering({ ctx, input }: VerbArgs<ListSteeringInput>): SteeringFile[] {
  return listSteeringFiles(requireProject(ctx.database.db, input.projectId).rootDir);
}

export function readSteering({ ctx, input }: VerbArgs<SteeringRefInput>): SteeringDocument {
  const project = requireProject(ctx.database.db, input.projectId);
  const doc = readSteeringFile(project.rootDir, input.name);
  if (!doc) throw notFound("steering document", input.name);
  return { name: input.name, ...doc };
}
