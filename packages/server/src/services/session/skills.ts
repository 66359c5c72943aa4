import { existsSync, readFileSync, readdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export interface Skill {
  name: string;
  description: string;
  instructions: string;
  path: string;
}

const MAX_SKILL_BYTES = 32 * 1024;

/** Splits `SKILL.md` into its YAML front matter (name, description) and body. */
export function parseSkill(text: string, fallbackName: string, path: string): Skill {
  const match = text.match(/^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/);
  const front = match?.[1] ?? "";
  const field = (key: string) =>
    front
      .match(new RegExp(`^${key}:\\s*(.*)$`, "m"))?.[1]
      ?.trim()
      .replace(/^["']|["']$/g, "");
  return {
    name: field("name") || fallbackName,
    description: field("description") ?? "",
    instructions: (match ? match[2]! : text).trim(),
    path,
  };
}

/** Where skills live, most specific first: the project's own, then the user's. */
export function skillDirs(rootDir: string): string[] {
  return [
    join(rootDir, ".maestro", "skills"),
    join(rootDir, ".claude", "skills"),
    join(homedir(), ".claude", "skills"),
  ];
}

/** Every skill found (a folder with SKILL.md); a name found twice keeps the most specific one. */
export function discoverSkills(rootDir: string): Skill[] {
  const found = new Map<string, Skill>();
  for (const dir of skillDirs(rootDir)) {
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = join(dir, entry.name, "SKILL.md");
      if (!entry.isDirectory() || !existsSync(file)) continue;
      const skill = parseSkill(readFileSync(file, "utf8").slice(0, MAX_SKILL_BYTES), entry.name, file);
      if (!found.has(skill.name)) found.set(skill.name, skill);
    }
  }
  return [...found.values()];
}
