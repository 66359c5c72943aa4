import { existsSync, readdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { readContainedFile } from "../files/contained-file";

export interface Skill {
  name: string;
  description: string;
  instructions: string;
  path: string;
}

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

/**
 * Where skills live, most specific first: the project's own, then the user's; each with the
 * folder its files must stay inside once links are resolved.
 */
function skillFolders(rootDir: string): Array<{ dir: string; bound: string }> {
  const home = join(homedir(), ".claude", "skills");
  return [
    { dir: join(rootDir, ".maestro", "skills"), bound: rootDir },
    { dir: join(rootDir, ".claude", "skills"), bound: rootDir },
    { dir: home, bound: home },
  ];
}

export interface SkillDiscovery {
  skills: Skill[];
  /** Skill files the reader refused, by folder name, with the reason (outside, not a file, too large). */
  refused: Array<{ name: string; message: string }>;
}

/**
 * Every skill found (a folder with SKILL.md); a name found twice keeps the most specific one.
 * A SKILL.md is read only as a regular file inside the project (or the user's skills folder): a
 * link to /proc, a device or a file elsewhere is refused, never read into a prompt.
 */
export function discoverSkills(rootDir: string): SkillDiscovery {
  const found = new Map<string, Skill>();
  const refused: SkillDiscovery["refused"] = [];
  for (const { dir, bound } of skillFolders(rootDir)) {
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const file = join(dir, entry.name, "SKILL.md");
      const read = readContainedFile(bound, file);
      if (read === null) continue;
      if (!("text" in read)) {
        refused.push({ name: entry.name, message: read.refused });
        continue;
      }
      const skill = parseSkill(read.text, entry.name, file);
      if (!found.has(skill.name)) found.set(skill.name, skill);
    }
  }
  return { skills: [...found.values()], refused };
}
