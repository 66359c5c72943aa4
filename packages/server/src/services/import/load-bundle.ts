import { DomainError, type ImportBundle, type ImportInput, type Project, fitBundle, parserOf } from "@maestro/domain";
import type { z } from "zod";
import type { Context } from "../../context";
import { requireProject } from "../project/resolve-project";
import { readImportFiles } from "./read-import-files";

export type ImportRequest = z.output<typeof ImportInput>;

/** The project and the bundle its import brings: files read (from the request or its path), parsed, cut to Maestro's limits. */
export function loadBundle(ctx: Context, input: ImportRequest): { project: Project; bundle: ImportBundle } {
  const project = requireProject(ctx.database.db, input.projectId);
  const files = input.files ?? readImportFiles(project.rootDir, requirePath(input.path));
  const bundle = fitBundle(parserOf(input.format)(files, { tag: input.tag }));
  return { project, bundle };
}

function requirePath(path: string | undefined): string {
  if (path === undefined) {
    throw new DomainError("INVALID_INPUT", "files: give either files or path", { field: "files" });
  }
  return path;
}
