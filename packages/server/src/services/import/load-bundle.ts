import { realpathSync, statSync } from "node:fs";
import { basename, resolve } from "node:path";
import {
  DomainError,
  type ImportBundle,
  type ImportInput,
  type Project,
  fitBundle,
  isReadByFormat,
  parserOf,
} from "@maestro/domain";
import type { z } from "zod";
import type { Context } from "../../context";
import { requireProject } from "../project/resolve-project";
import { readImportFiles } from "./read-import-files";

export type ImportRequest = z.output<typeof ImportInput>;

/** The project and the bundle its import brings: files read (from the request or its path), parsed, cut to Maestro's limits. */
export async function loadBundle(
  ctx: Context,
  input: ImportRequest,
): Promise<{ project: Project; bundle: ImportBundle }> {
  const project = await requireProject(ctx.database.db, input.projectId);
  const files =
    input.files ??
    readImportFiles(project.rootDir, requirePath(input.path), (path) => isReadByFormat(input.format, path));
  const folder = input.folder ?? (input.path === undefined ? undefined : folderName(project.rootDir, input.path));
  const bundle = fitBundle(parserOf(input.format)(files, { tag: input.tag, folder }));
  return { project, bundle };
}

/**
 * A chosen folder's own name, which the file paths (relative to it) do not carry; none for a file.
 * The real folder's, as the CLI sends it, so a link to a spec folder names the same source.
 */
function folderName(rootDir: string, path: string): string | undefined {
  const target = resolve(rootDir, path);
  if (!statSync(target, { throwIfNoEntry: false })?.isDirectory()) return undefined;
  return basename(realpathSync(target)) || undefined;
}

function requirePath(path: string | undefined): string {
  if (path === undefined) {
    throw new DomainError("INVALID_INPUT", "files: give either files or path", { field: "files" });
  }
  return path;
}
