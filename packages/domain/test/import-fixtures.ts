import { readFileSync, readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type { ImportFiles } from "../src/index";

/** A fixture folder as a client sends it: every file by its path relative to `dir`, `/`-separated. */
export function readFixtureFolder(dir: string): ImportFiles {
  const files: ImportFiles = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[relative(dir, path).split(sep).join("/")] = readFileSync(path, "utf8");
  }
  return files;
}

export const IMPORT_FIXTURES = join(import.meta.dirname, "fixtures", "import");

/** The same files with every line ending made CRLF. */
export function withCrlf(files: ImportFiles): ImportFiles {
  return Object.fromEntries(Object.entries(files).map(([path, text]) => [path, text.replace(/\n/g, "\r\n")]));
}
