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
import { withinPageBytes } from "../page-bytes";
import type { VerbArgs } from "../unit-of-work";
import { requireProject } from "./resolve-project";

/** One page of projects, oldest first; the cursor is the creation time and key of the last one. */
export async function listProjects({
  ctx,
  input,
}: VerbArgs<z.output<typeof ListProjectsInput>>): Promise<Page<Project>> {
  const position = decodeTimeCursor(input.cursor);
  const after = position && { createdAt: position.createdAt, key: position.id };
  const fetched = await pageProjects(ctx.database.db, { limit: input.limit + 1, after });
  const cursorOf = (last: Project) => encodeTimeCursor({ createdAt: last.createdAt, id: last.key });
  // A project's settings (scripts, checks, prompt template) reach ~500 KB: a page ends at its bytes too.
  return withinPageBytes(toPage(fetched, input.limit, cursorOf), cursorOf);
}

export async function getProject({ ctx, input }: VerbArgs<ProjectRefInput>): Promise<Project> {
  return await requireProject(ctx.database.db, input.id);
}
