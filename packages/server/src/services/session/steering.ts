import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const MAX_DOC_BYTES = 64 * 1024;

/** The project's steering documents (`<rootDir>/.maestro/steering/*.md`), put into every prompt. */
export function readSteeringDocs(rootDir: string): Array<{ name: string; text: string }> {
  const dir = join(rootDir, ".maestro", "steering");
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".md"))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((entry) => ({ name: entry.name, text: readFileSync(join(dir, entry.name), "utf8").slice(0, MAX_DOC_BYTES) }));
}
