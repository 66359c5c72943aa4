import {
  type ListSteeringInput,
  type Page,
  type SteeringDocument,
  type SteeringRefInput,
  notFound,
  toPage,
} from "@maestro/domain";
import type { z } from "zod";
import { requireProject } from "../project/resolve-project";
import type { VerbArgs } from "../unit-of-work";
import { type SteeringFile, listSteeringFiles, readSteeringFile } from "./steering-files";

/** One page of the project's steering documents (`<rootDir>/.maestro/steering/*.md`), by name. */
export async function listSteering({
  ctx,
  input,
}: VerbArgs<z.output<typeof ListSteeringInput>>): Promise<Page<SteeringFile>> {
  const rootDir = (await requireProject(ctx.database.db, input.projectId)).rootDir;
  const fetched = listSteeringFiles(rootDir, { limit: input.limit + 1, after: input.cursor ?? undefined });
  return toPage(fetched, input.limit, (last) => last.name);
}

export async function readSteering({ ctx, input }: VerbArgs<SteeringRefInput>): Promise<SteeringDocument> {
  const project = await requireProject(ctx.database.db, input.projectId);
  const doc = readSteeringFile(project.rootDir, input.name);
  if (!doc) throw notFound("steering document", input.name);
  return { name: input.name, ...doc };
}
