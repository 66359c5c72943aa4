import { existsSync, mkdirSync, realpathSync, renameSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { DOCUMENT_FILES, type DocumentPhase, DomainError } from "@maestro/domain";
import { readContainedFile } from "../files/contained-file";

/** `<rootDir>/.maestro/specs/<slug>`; the slug pattern keeps it one plain folder name. */
export function specDir(rootDir: string, slug: string): string {
  return join(rootDir, ".maestro", "specs", slug);
}

export function documentPath(rootDir: string, slug: string, phase: DocumentPhase): string {
  return join(specDir(rootDir, slug), DOCUMENT_FILES[phase]);
}

/** The nearest existing ancestor's real path, so a symlink cannot lead outside the root. */
function realExisting(path: string): string {
  let current = resolve(path);
  const rest: string[] = [];
  while (!existsSync(current)) {
    const parent = dirname(current);
    if (parent === current) break;
    rest.unshift(basename(current));
    current = parent;
  }
  return join(realpathSync(current), ...rest);
}

/** Whether a path resolves (through symlinks) inside the project root. */
export function isInsideRoot(rootDir: string, path: string): boolean {
  const root = realExisting(rootDir);
  const target = realExisting(path);
  const rel = relative(root, target);
  return rel !== "" && !rel.startsWith("..") && resolve(root, rel) === target;
}

/** Refuses a path that resolves (through symlinks) outside the project root. */
export function assertInsideRoot(rootDir: string, path: string): void {
  if (!isInsideRoot(rootDir, path)) {
    throw new DomainError("FORBIDDEN", `${path} is outside the project root ${rootDir}`, { field: "path" });
  }
}

/**
 * The file's text, or null when there is no regular file there (a folder, a pipe or a device is
 * no document, and reading a pipe would wait forever). A path leading outside the root is
 * refused (FORBIDDEN), and so is a file over the document size cap (INVALID_INPUT).
 */
export function readTextFile(rootDir: string, path: string): string | null {
  const read = readContainedFile(rootDir, path);
  if (read === null || "text" in read) return read?.text ?? null;
  switch (read.reason) {
    case "outside":
      throw new DomainError("FORBIDDEN", `${path} is outside the project root ${rootDir}`, { field: "path" });
    case "not-a-file":
      return null;
    case "too-large":
      throw new DomainError("INVALID_INPUT", read.refused, { field: "path" });
  }
}

/**
 * Writes through a temporary file and a rename, so a watcher or an editor never sees half a
 * document. Skipped when the project directory itself is gone (the database keeps the text).
 */
export function writeTextFile(rootDir: string, path: string, text: string): boolean {
  if (!existsSync(rootDir)) return false;
  assertInsideRoot(rootDir, path);
  mkdirSync(dirname(path), { recursive: true });
  const temporary = join(dirname(path), `.${Date.now()}-${process.pid}.tmp`);
  writeFileSync(temporary, text);
  renameSync(temporary, path);
  return true;
}
