import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { compareNames } from "@maestro/domain";
import { readContainedFile } from "../files/contained-file";
import { isInsideRoot, readTextFile } from "../spec/spec-files";

/** How much of each document goes into a prompt. */
const MAX_PROMPT_DOC_CHARS = 64 * 1024;

/** `<rootDir>/.maestro/steering/<name>`: the steering documents live there, and only there. */
export function steeringPath(rootDir: string, name = ""): string {
  return join(rootDir, ".maestro", "steering", name);
}

export interface SteeringFile {
  name: string;
  size: number;
  updatedAt: string;
}

/**
 * The project's steering documents, by name (code-point order): the `.md` entries of the
 * steering folder that are regular files once resolved and stay inside the project root. A link
 * (or a linked folder) leading out of the project is passed over, so its target never reaches an
 * agent's prompt. With a page, only `limit` documents named after `after` are looked at.
 */
export function listSteeringFiles(rootDir: string, page?: { limit: number; after?: string }): SteeringFile[] {
  const dir = steeringPath(rootDir);
  if (!existsSync(dir)) return [];
  const after = page?.after;
  const names = readdirSync(dir)
    .filter((name) => name.endsWith(".md") && (after === undefined || compareNames(name, after) > 0))
    .sort(compareNames);
  const files: SteeringFile[] = [];
  for (const name of names) {
    if (page && files.length >= page.limit) break;
    if (!isInsideRoot(rootDir, join(dir, name))) continue;
    const stat = statSync(join(dir, name), { throwIfNoEntry: false });
    if (stat?.isFile()) files.push({ name, size: stat.size, updatedAt: stat.mtime.toISOString() });
  }
  return files;
}

/**
 * One document's text and time, or null when there is no document of that name. One that
 * leads outside the project root is refused (FORBIDDEN), as every read of a project's files is.
 */
export function readSteeringFile(rootDir: string, name: string): { text: string; updatedAt: string } | null {
  const path = steeringPath(rootDir, name);
  const text = readTextFile(rootDir, path);
  return text === null ? null : { text, updatedAt: statSync(path).mtime.toISOString() };
}

/**
 * The documents put into every prompt, by name, each cut to its first 64 KiB. One the reader
 * refuses (over the size cap) is left out: a bad document must not stop every session.
 */
export function readSteeringDocs(rootDir: string): Array<{ name: string; text: string }> {
  return listSteeringFiles(rootDir).flatMap(({ name }) => {
    const doc = readContainedFile(rootDir, steeringPath(rootDir, name));
    return doc && "text" in doc ? [{ name, text: doc.text.slice(0, MAX_PROMPT_DOC_CHARS) }] : [];
  });
}
