import { existsSync, statSync } from "node:fs";
import { DomainError, type SteeringDocument, type WriteSteeringInput, notFound } from "@maestro/domain";
import { requireProject } from "../project/resolve-project";
import { writeTextFile } from "../spec/spec-files";
import type { VerbArgs } from "../unit-of-work";
import { readSteeringFile, steeringPath } from "./steering-files";

/** Writes a steering document, refusing it if the text it started from has changed since. */
export async function writeSteering({ ctx, input }: VerbArgs<WriteSteeringInput>): Promise<SteeringDocument> {
  const project = await requireProject(ctx.database.db, input.projectId);
  if (!existsSync(project.rootDir)) throw notFound("project directory", project.rootDir);
  const path = steeringPath(project.rootDir, input.name);
  // Checked and written in one synchronous step: nothing in this process runs in between.
  const isStale =
    input.baseText !== undefined && (readSteeringFile(project.rootDir, input.name)?.text ?? null) !== input.baseText;
  if (isStale) {
    throw new DomainError(
      "VERSION_CONFLICT",
      `${input.name} changed since you opened it; load it again or overwrite it`,
      { field: "baseText" },
    );
  }
  writeTextFile(project.rootDir, path, input.text);
  return { name: input.name, text: input.text, updatedAt: statSync(path).mtime.toISOString() };
}
