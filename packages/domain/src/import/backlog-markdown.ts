import { parse } from "yaml";
import { importError } from "./link-tasks";

/**
 * Reading one Backlog.md file: YAML front matter between `---` lines, then `## ` sections. Every
 * step is a single pass over lines (no regex that can backtrack across a line), because the files
 * come from anywhere.
 */

const MAX_FRONT_MATTER_CHARS = 32 * 1024;

export interface BacklogSection {
  /** The heading as written (`Implementation Plan`), or "" for text before the first heading. */
  title: string;
  lines: string[];
}

export interface BacklogDocument {
  frontMatter: Record<string, unknown>;
  sections: BacklogSection[];
}

/** Splits and parses a task file; fails naming `item` when the front matter is missing or broken. */
export function readBacklogFile(item: string, text: string): BacklogDocument {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  if (lines[0]?.trim() !== "---") throw importError(item, "has no front matter (a first line `---`)");
  const close = lines.findIndex((line, index) => index > 0 && line.trim() === "---");
  if (close < 0) throw importError(item, "front matter has no closing `---` line");
  const yamlLines = lines.slice(1, close);
  assertYamlSize(item, yamlLines.join("\n"));
  const frontMatter = parseYamlMapping(item, yamlLines.map(quoteAtSigns).join("\n"));
  return { frontMatter, sections: splitSections(lines.slice(close + 1)) };
}

/** Parses YAML that must be a mapping (front matter, config.yml). */
export function parseYamlMapping(item: string, text: string): Record<string, unknown> {
  assertYamlSize(item, text);
  let value: unknown;
  try {
    // Failsafe: every value stays text (`id: 7.10` must not become the number 7.1). Aliases capped:
    // a few lines of anchors must not expand into gigabytes.
    value = parse(text, { schema: "failsafe", uniqueKeys: false, maxAliasCount: 100, prettyErrors: false });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw importError(item, `YAML does not parse: ${reason}`);
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== "object" || Array.isArray(value)) throw importError(item, "YAML must be a mapping of fields");
  return value as Record<string, unknown>;
}

function assertYamlSize(item: string, text: string): void {
  if (text.length > MAX_FRONT_MATTER_CHARS) {
    throw importError(item, `YAML is ${text.length} characters, over the limit of ${MAX_FRONT_MATTER_CHARS}`);
  }
}

/**
 * YAML reserves `@` at the start of a plain value, yet Backlog.md writes `assignee: @alice`,
 * `- @alice` and `[@alice, @bob]`: such values are quoted before parsing, as Backlog.md does.
 */
function quoteAtSigns(line: string): string {
  if (!line.includes("@")) return line;
  const scalar = /^(\s*(?:[\w-]+:|-)\s+)(@.*)$/.exec(line);
  if (scalar) return `${scalar[1]}${JSON.stringify(scalar[2]!.trimEnd())}`;
  if (!/^\s*[\w-]+:\s*\[/.test(line)) return line;
  return line.replace(
    /([[,]\s*)(@[^,\]]*)/g,
    (_all, lead: string, value: string) => `${lead}${JSON.stringify(value.trimEnd())}`,
  );
}

/** `## ` headings split the body; `#` inside fenced code is text, not a heading. */
function splitSections(lines: string[]): BacklogSection[] {
  const sections: BacklogSection[] = [{ title: "", lines: [] }];
  let fence: string | null = null;
  for (const line of lines) {
    const trimmed = line.trimStart();
    const marker = trimmed.startsWith("```") ? "```" : trimmed.startsWith("~~~") ? "~~~" : null;
    if (marker) fence = fence === null ? marker : fence === marker ? null : fence;
    if (fence === null && line.startsWith("## ")) {
      sections.push({ title: line.slice(3).trim(), lines: [] });
    } else if (!isMarkerLine(trimmed)) {
      sections[sections.length - 1]!.lines.push(line);
    }
  }
  return sections;
}

/** Backlog.md's own section fences (`<!-- SECTION:PLAN:BEGIN -->`, `<!-- AC:END -->`): not content. */
function isMarkerLine(trimmed: string): boolean {
  if (!trimmed.startsWith("<!--") || !trimmed.endsWith("-->")) return false;
  const inner = trimmed.slice(4, -3).trim();
  return /^[A-Z_]+(?::[A-Z_]+)*:(?:BEGIN|END)$/.test(inner);
}

/** A section's text without its leading and trailing blank lines. */
export function sectionText(section: BacklogSection): string {
  const lines = section.lines;
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]!.trim() === "") start++;
  while (end > start && lines[end - 1]!.trim() === "") end--;
  return lines.slice(start, end).join("\n");
}

export interface ChecklistItem {
  text: string;
  isChecked: boolean;
}

/** `- [ ] #1 text` or `- [x] text`; null for any other line. */
export function checklistItem(line: string): ChecklistItem | null {
  const trimmed = line.trim();
  if (!trimmed.startsWith("- [") || trimmed[4] !== "]" || trimmed[5] !== " ") return null;
  const mark = trimmed[3];
  if (mark !== " " && mark !== "x" && mark !== "X") return null;
  let text = trimmed.slice(6).trim();
  const number = /^#\d+\s/.exec(text);
  if (number) text = text.slice(number[0].length).trim();
  return text === "" ? null : { text, isChecked: mark !== " " };
}
