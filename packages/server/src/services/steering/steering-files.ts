import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
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
 * The project's steering documents, by name: the `.md` entries of the steering folder that are
 * regular files once resolved and stay inside the project root. A link (or a linked folder)
 * leading out of the project is passed over, so its target never reaches an agent's prompt.
 */
export function listSteeringFiles(rootDir: string): SteeringFile[] {
  const dir = steeringPath(rootDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(".md") && isInsideRoot(rootDir, join(dir, name)))
    .flatMap((name) => {
      const stat = statSync(join(dir, name), { throwIfNoEntry: false });
      return stat?.isFile() ? [{ name, size: stat.size, updatedAt: stat.mtime.toISOString() }] : [];
    })
    .sort((a, b) => a.name.localeCompare(b.name));
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
