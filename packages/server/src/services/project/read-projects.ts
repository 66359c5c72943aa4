import { pageProjects } from "@maestro/db";
import {
  type ListProjectsInput,
  type Page,
  type Project,
  type ProjectRefInput,
  decodeTimeCursor,
  encodeTimeCursor,
  toPage,
} from "@maestro/domain";
import type { z } from "zod";
import type { VerbArgs } from "../unit-of-work";
import { requireProject } from "./resolve-project";

/** One page of projects, oldest first; the cursor is the creation time and key of the last one. */
export function listProjects({ ctx, input }: VerbArgs<z.output<typeof ListProjectsInput>>): Page<Project> {
  const position = decodeTimeCursor(input.cursor);
  const after = position && { createdAt: position.createdAt, key: position.id };
  const fetched = pageProjects(ctx.database.db, { limit: input.limit + 1, after });
  return toPage(fetched, input.limit, (last) => encodeTimeCursor({ createdAt: last.createdAt, id: last.key }));
}

export function getProject({ ctx, input }: VerbArgs<ProjectRefInput>): Project {
  return requireProject(ctx.database.db, input.id);
}
