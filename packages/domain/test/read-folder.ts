import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { ImportFiles } from "../src/index";

/** A fixture folder as a client sends it: paths relative to the folder, `/`-separated, to their text. */
export function readFolder(dir: string, prefix = ""): ImportFiles {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${prefix}${entry.name}`;
    if (entry.isDirectory()) Object.assign(files, readFolder(join(dir, entry.name), `${path}/`));
    else files[path] = readFileSync(join(dir, entry.name), "utf8");
  }
  return files;
}

export const IMPORT_FIXTURES = join(import.meta.dirname, "import-fixtures");
