import { DomainError } from "../errors";
import { MAX_SPEC_DOCUMENT_LENGTH, slugify } from "../spec";
import type { TaskStatus } from "../task";
import type { ImportFormat, ImportWarning } from "./bundle";

/**
 * Line-by-line reading shared by the Markdown formats (spec-kit, kiro). Every pattern here is
 * anchored and unambiguous, or the work is done with string methods, so a hostile line costs
 * time linear in its length.
 */

/** The text with CRLF and lone CR line endings made `\n`. */
export function normalizeText(text: string): string {
  return text.replace(/\r\n?/g, "\n");
}

export function toLines(text: string): string[] {
  return normalizeText(text).split("\n");
}

/** An import refused as a whole, naming the format and the item (`tasks.md line 12`). */
export function invalidImport(format: ImportFormat, message: string): DomainError {
  return new DomainError("INVALID_INPUT", `${format}: ${message}`, { field: "files" });
}

export interface CheckboxLine {
  /** Columns of leading whitespace (a tab counts 4). */
  indent: number;
  /** What is between the brackets: ` `, `x`, `X`, `-`, … */
  mark: string;
  /** Kiro's `- [ ]* 2.3 …`: a task the plan marks optional. */
  isOptional: boolean;
  /** The rest of the line, trimmed. */
  rest: string;
}

const CHECKBOX = /^([ \t]*)[-*+] \[([^\]]?)\]/;

export function readCheckbox(raw: string): CheckboxLine | null {
  const match = CHECKBOX.exec(raw);
  if (!match) return null;
  let rest = raw.slice(match[0].length);
  const isOptional = rest.startsWith("*");
  if (isOptional) rest = rest.slice(1);
  return { indent: indentOf(raw), mark: match[2] ?? "", isOptional, rest: rest.trim() };
}

export function indentOf(raw: string): number {
  let columns = 0;
  for (const char of raw) {
    if (char === " ") columns += 1;
    else if (char === "\t") columns += 4;
    else break;
  }
  return columns;
}

export interface Heading {
  level: number;
  text: string;
}

/** An ATX heading (`## Phase 1: Setup`), or null. */
export function readHeading(raw: string): Heading | null {
  const line = raw.trimStart();
  if (raw.length - line.length > 3 || !line.startsWith("#")) return null;
  let level = 0;
  while (level < line.length && line[level] === "#") level += 1;
  if (level > 6 || (level < line.length && line[level] !== " " && line[level] !== "\t")) return null;
  return { level, text: line.slice(level).trim() };
}

/** Whether the line opens or closes a fenced code block, inside which nothing is a task. */
export function isFence(raw: string): boolean {
  const line = raw.trimStart();
  return line.startsWith("```") || line.startsWith("~~~");
}

/**
 * A checkbox's state: `[x]` is done; Kiro's `[-]` (under way) is in progress, as Task Master's
 * `in-progress` is; `[ ]` and anything else is to do (anything else with a warning).
 */
export function statusOfMark(mark: string, item: string, warnings: ImportWarning[]): TaskStatus {
  if (mark === "x" || mark === "X") return "done";
  if (mark === "-") return "in_progress";
  if (mark !== " " && mark !== "") {
    warnings.push({ item, message: `checkbox "[${mark}]" is not [ ] or [x]; imported as to do` });
  }
  return "todo";
}

/**
 * An id for a task the source gave none: made from its title so a re-import (say, after a box is
 * ticked) finds it again; `-2`, `-3` … when two titles make the same id. `suffixes` remembers
 * where each base's search stopped (ids are never freed), so a thousand equal titles stay linear.
 */
export function idFromTitle(title: string, taken: { has(id: string): boolean }, suffixes: Map<string, number>): string {
  const base = `untitled-${slugify(title)}`;
  if (!taken.has(base)) return base;
  let n = suffixes.get(base) ?? 2;
  while (taken.has(`${base}-${n}`)) n += 1;
  suffixes.set(base, n + 1);
  return `${base}-${n}`;
}

/** One warning for a task's references to tasks that are not there, however many: `depends on T098, T099; left out`. */
export function missingRefsWarning(item: string, task: string, refs: readonly string[]): ImportWarning {
  const shown = refs.slice(0, 5).join(", ") + (refs.length > 5 ? ` and ${refs.length - 5} more` : "");
  const which = refs.length === 1 ? "which is" : "which are";
  return { item, message: `${task} depends on ${shown}, ${which} not in tasks.md; left out` };
}

/** An id from a name (`Photo albums` → `photo-albums`), or "" when it has no letters or digits. */
export function idOfName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 100);
}

/** The longest run of backticks in `text`, so a fence around it can be longer. */
function longestBacktickRun(text: string): number {
  let longest = 0;
  let run = 0;
  for (const char of text) {
    run = char === "`" ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}

/** A file appended to a document: Markdown as it is, anything else in a code block. */
export function sectionOf(path: string, text: string): string {
  const body = normalizeText(text).trim();
  if (path.toLowerCase().endsWith(".md")) return `# From \`${path}\`\n\n${body}`;
  const extension = path.includes(".") ? path.slice(path.lastIndexOf(".") + 1).toLowerCase() : "";
  const fence = "`".repeat(Math.max(3, longestBacktickRun(body) + 1));
  return `# From \`${path}\`\n\n${fence}${/^[a-z0-9]+$/.test(extension) ? extension : ""}\n${body}\n${fence}`;
}

/**
 * Appends each file to `base` as its own section, in the order given; one that would take the
 * document past Maestro's limit is left out with a warning rather than cut mid-way.
 */
export function appendSections(
  base: string | undefined,
  files: ReadonlyArray<readonly [string, string]>,
  warnings: ImportWarning[],
): string | undefined {
  let document = base;
  for (const [path, text] of files) {
    const section = sectionOf(path, text);
    const next = document === undefined ? section : `${document.trimEnd()}\n\n---\n\n${section}\n`;
    if (next.length > MAX_SPEC_DOCUMENT_LENGTH) {
      warnings.push({
        item: path,
        message: `left out: the document would pass ${MAX_SPEC_DOCUMENT_LENGTH} characters`,
      });
      continue;
    }
    document = next;
  }
  return document;
}

/** `text` without any of `chars` at either end (string walking: a regex like `[_*]+$` is quadratic). */
export function trimEnds(text: string, chars: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && chars.includes(text[start]!)) start += 1;
  while (end > start && chars.includes(text[end - 1]!)) end -= 1;
  return text.slice(start, end);
}

/** The file's name after its last `/`. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** The folder part of a path (`specs/001-x` for `specs/001-x/spec.md`), `""` at the top. */
export function folderOf(path: string): string {
  const at = path.lastIndexOf("/");
  return at < 0 ? "" : path.slice(0, at);
}

/** A path without `./` or `/` in front, and with `\` separators made `/`. */
export function cleanPath(path: string): string {
  let clean = path.replace(/\\/g, "/");
  while (clean.startsWith("./") || clean.startsWith("/")) clean = clean.slice(clean.startsWith("/") ? 1 : 2);
  return clean;
}
