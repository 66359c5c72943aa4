import type { TaskPriority, TaskStatus } from "../task";
import type { ImportWarning } from "./bundle";
import { checklistItem, readBacklogFile, sectionText, type BacklogSection } from "./backlog-markdown";
import { importError, type ReadTask } from "./link-tasks";

/** What config.yml says that reading a task needs. */
export interface BacklogConfig {
  /** The board's columns in order (`statuses:`), first = not started, last = done. */
  statuses: string[];
  defaultStatus: string | null;
  /** Lower-case id prefix for bare numbers (`task_prefix`, default `task`). */
  prefix: string;
}

/** Where a task file sits: completed/ holds finished tasks whatever their status line says. */
export type BacklogPlace = "active" | "completed";

export interface BacklogFile {
  /** The path as the client sent it, named in messages. */
  item: string;
  text: string;
  place: BacklogPlace;
}

const MAX_ID_LENGTH = 100;

/** Reads one task file into an ImportedTask; references are checked later, across files. */
export function readBacklogTask(file: BacklogFile, config: BacklogConfig, warnings: ImportWarning[]): ReadTask {
  const { item } = file;
  const { frontMatter: fields, sections } = readBacklogFile(item, file.text);
  const sourceId = normalizeTaskId(scalar(fields.id) ?? idFromFileName(item), config.prefix);
  if (sourceId === "") throw importError(item, "has no id (front matter `id:`)");
  if (sourceId.length > MAX_ID_LENGTH) throw importError(item, `id is longer than ${MAX_ID_LENGTH} characters`);
  const title = scalar(fields.title) ?? titleFromFileName(item);
  if (!title) throw importError(item, "has no title (front matter `title:`)");
  const status =
    file.place === "completed"
      ? "done"
      : mapStatus(scalar(fields.status), config, (message) => warnings.push({ item, message }));
  const body = readBody(sections);
  if (body.checked > 0 && status !== "done") {
    const message = `${body.checked} of ${body.criteria.length} acceptance criteria were checked off; Maestro keeps the criteria, not the check marks`;
    warnings.push({ item, message });
  }
  const parent = scalar(fields.parent_task_id);
  return {
    item,
    task: {
      sourceId,
      title,
      description: [...body.parts, carriedFields(fields)].filter((part) => part !== "").join("\n\n"),
      acceptanceCriteria: body.criteria,
      status,
      priority: mapPriority(scalar(fields.priority), (message) => warnings.push({ item, message })),
      parentSourceId: parent === undefined ? null : normalizeTaskId(parent, config.prefix),
      dependsOn: list(fields.dependencies).map((dep) => normalizeTaskId(dep, config.prefix)),
      specSourceId: null,
      requirementIds: [],
    },
  };
}

/**
 * `TASK-7`, `task-7` and `7` name one task in Backlog.md, as do `back-355.01` and `back-355.1`:
 * lower case, the configured prefix for a bare number, no leading zeros in the numbers.
 */
export function normalizeTaskId(raw: string, prefix: string): string {
  const id = raw.trim().toLowerCase();
  let cut = id.length;
  while (cut > 0 && isDigitOrDot(id[cut - 1]!)) cut--;
  while (cut < id.length && id[cut] === ".") cut++;
  const numbers = id.slice(cut).split(".");
  if (cut === id.length || numbers.some((part) => part === "")) return id;
  const head = cut === 0 ? `${prefix}-` : id.slice(0, cut);
  return head + numbers.map((part) => part.replace(/^0+(?=\d)/, "")).join(".");
}

function isDigitOrDot(char: string): boolean {
  return char === "." || (char >= "0" && char <= "9");
}

/** `tasks/task-7 - Fix-the-login.md` → `task-7`. */
export function idFromFileName(path: string): string {
  const name = path.slice(path.lastIndexOf("/") + 1).replace(/\.md$/i, "");
  const dash = name.indexOf(" - ");
  return dash < 0 ? name : name.slice(0, dash);
}

function titleFromFileName(path: string): string | undefined {
  const name = path.slice(path.lastIndexOf("/") + 1).replace(/\.md$/i, "");
  const dash = name.indexOf(" - ");
  return dash < 0
    ? undefined
    : name
        .slice(dash + 3)
        .replaceAll("-", " ")
        .trim() || undefined;
}

/** One text value of the front matter, or undefined when absent or empty (`~`, `null`, ``). */
export function scalar(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  return text === "" || text === "~" || text.toLowerCase() === "null" ? undefined : text;
}

/** A YAML list of texts, or one comma-separated text (`dependencies: task-1, task-2`). */
export function list(value: unknown): string[] {
  const items = Array.isArray(value) ? value : typeof value === "string" ? value.split(",") : [];
  return items.map(scalar).filter((item): item is string => item !== undefined);
}

interface TaskBody {
  /** Markdown parts of the description, in the file's order. */
  parts: string[];
  criteria: string[];
  checked: number;
}

/** Description (and text before any heading) as is; every other section under its own heading. */
function readBody(sections: BacklogSection[]): TaskBody {
  const body: TaskBody = { parts: [], criteria: [], checked: 0 };
  for (const section of sections) {
    const name = section.title.toLowerCase();
    const rest = name.startsWith("acceptance criteria") ? takeCriteria(section, body) : section;
    const text = sectionText(rest);
    if (text === "") continue;
    body.parts.push(name === "" || name === "description" ? text : `## ${section.title}\n\n${text}`);
  }
  return body;
}

/** Moves the checklist items into `body.criteria`; returns what else the section said. */
function takeCriteria(section: BacklogSection, body: TaskBody): BacklogSection {
  const rest: string[] = [];
  for (const line of section.lines) {
    const item = checklistItem(line);
    if (!item) {
      rest.push(line);
      continue;
    }
    body.criteria.push(item.text);
    if (item.isChecked) body.checked++;
  }
  return { title: section.title, lines: rest };
}

/** Fields Maestro has no place for, kept at the end of the description rather than dropped. */
function carriedFields(fields: Record<string, unknown>): string {
  const rows: [string, string[]][] = [
    ["Labels", list(fields.labels)],
    ["Assignee", list(fields.assignee)],
    ["Reporter", list(fields.reporter)],
    ["Milestone", list(fields.milestone)],
    ["References", list(fields.references)],
    ["Documentation", list(fields.documentation)],
  ];
  const lines = rows
    .filter(([, values]) => values.length > 0)
    .map(([name, values]) => `- ${name}: ${values.join(", ")}`);
  return lines.length === 0 ? "" : `## Backlog.md fields\n\n${lines.join("\n")}`;
}

/** Status names compared without case, spaces or punctuation (`To Do` = `todo` = `to-do`). */
const STATUS_WORDS = new Map<string, TaskStatus>([
  ...["todo", "backlog", "open", "new", "pending", "planned", "ready"].map((word) => [word, "todo"] as const),
  ...["inprogress", "doing", "wip", "started", "active"].map((word) => [word, "in_progress"] as const),
  ...["review", "inreview", "qa", "testing"].map((word) => [word, "in_review"] as const),
  ...["done", "completed", "complete", "closed", "finished", "resolved"].map((word) => [word, "done"] as const),
  ...["blocked", "onhold", "waiting"].map((word) => [word, "blocked"] as const),
  ...["cancelled", "canceled", "wontdo", "wontfix", "abandoned", "dropped"].map((word) => [word, "cancelled"] as const),
  ["failed", "failed"],
]);

const wordOf = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, "");

/**
 * A known status name maps by name; a custom column maps by its place in config.yml `statuses`
 * (first: todo, last: done, between: in_progress), with a warning; anything else is todo, warned.
 */
export function mapStatus(raw: string | undefined, config: BacklogConfig, warn: (message: string) => void): TaskStatus {
  const name = raw ?? config.defaultStatus;
  if (name === null) return "todo";
  const known = STATUS_WORDS.get(wordOf(name));
  if (known) return known;
  const index = config.statuses.findIndex((status) => wordOf(status) === wordOf(name));
  if (index < 0) {
    warn(`status "${name}" is not one of config.yml statuses: imported as todo`);
    return "todo";
  }
  const status = index === 0 ? "todo" : index === config.statuses.length - 1 ? "done" : "in_progress";
  warn(`status "${name}" imported as ${status}, from its place among config.yml statuses`);
  return status;
}

const PRIORITIES = new Map<string, TaskPriority>([
  ["low", "low"],
  ["medium", "medium"],
  ["high", "high"],
  ["critical", "critical"],
]);

function mapPriority(raw: string | undefined, warn: (message: string) => void): TaskPriority {
  if (raw === undefined) return "medium";
  const priority = PRIORITIES.get(raw.toLowerCase());
  if (priority) return priority;
  warn(`priority "${raw}" is not low, medium or high: imported as medium`);
  return "medium";
}
