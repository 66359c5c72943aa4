import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import {
  type ListSteeringInput,
  type SteeringDocument,
  type SteeringRefInput,
  type WriteSteeringInput,
  DomainError,
  notFound,
} from "@maestro/domain";
import { requireProject } from "../project/resolve-project";
import { readTextFile, writeTextFile } from "../spec/spec-files";
import type { VerbArgs } from "../unit-of-work";

function steeringDir(rootDir: string): string {
  return join(rootDir, ".maestro", "steering");
}

/** The project's steering documents (`<rootDir>/.maestro/steering/*.md`), by name. */
export function listSteering({
  ctx,
  input,
}: VerbArgs<ListSteeringInput>): Array<{ name: string; size: number; updatedAt: string }> {
  const project = requireProject(ctx.database.db, input.projectId);
  const dir = steeringDir(project.rootDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".md"))
    .map((entry) => {
      const stat = statSync(join(dir, entry.name));
      return { name: entry.name, size: stat.size, updatedAt: stat.mtime.toISOString() };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function readSteering({ ctx, input }: VerbArgs<SteeringRefInput>): SteeringDocument {
  const project = requireProject(ctx.database.db, input.projectId);
  const path = join(steeringDir(project.rootDir), input.name);
  const text = readTextFile(project.rootDir, path);
  if (text === null) throw notFound("steering document", input.name);
  return { name: input.name, text, updatedAt: statSync(path).mtime.toISOString() };
}

export function writeSteering({ ctx, input }: VerbArgs<WriteSteeringInput>): SteeringDocument {
  const project = requireProject(ctx.database.db, input.projectId);
  if (!existsSync(project.rootDir)) throw notFound("project directory", project.rootDir);
  const path = join(steeringDir(project.rootDir), input.name);
  // Checked and written in one synchronous step: nothing in this process runs in between.
  if (input.baseText !== undefined && readTextFile(project.rootDir, path) !== input.baseText) {
    throw new DomainError(
      "VERSION_CONFLICT",
      `${input.name} changed since you opened it; load it again or overwrite it`,
      { field: "baseText" },
    );
  }
  writeTextFile(project.rootDir, path, input.text);
  return { name: input.name, text: input.text, updatedAt: statSync(path).mtime.toISOString() };
}
