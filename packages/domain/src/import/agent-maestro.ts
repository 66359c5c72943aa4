import { z } from "zod";
import { DomainError } from "../errors";
import type { TaskPriority, TaskStatus } from "../task";
import type { ImportFiles, ImportParser, ImportWarning } from "./bundle";
import { compareSourceIds, importError, linkTasks, type ReadTask } from "./link-tasks";

/**
 * agent-maestro (github.com/raghavared/agent-maestro): its data directory (`~/.maestro/data`)
 * holds `projects/<project id>.json` and `tasks/<project id>/<task id>.json` (older versions:
 * `tasks/<task id>.json`), one JSON object each. One project is imported, chosen by
 * ParseOptions.tag (its id or name) when the directory holds several; sessions and everything
 * else are left out with one warning.
 */
export const parseAgentMaestro: ImportParser = (files, options) => {
  const warnings: ImportWarning[] = [];
  const layout = sortFiles(files);
  const projects = readProjects(layout);
  const projectId = chooseProject(projects, options.tag);
  const mine = layout.tasks.filter((file) => (projectOfFile(file) ?? projectId) === projectId);
  const skipped = new Map<string, string>();
  const read: ReadTask[] = [];
  for (const { item, text } of mine) {
    const task = readEntity({ item, text }, Task);
    const warn = (message: string) => warnings.push({ item, message });
    const status = mapStatus(task.status, warn);
    if (status === "archived") {
      skipped.set(task.id, "archived, not imported");
      warn("archived: not imported");
    } else {
      read.push({ item, task: toImported(task, status, warn) });
    }
  }
  const tasks = linkTasks(read, skipped, warnings);
  const others = layout.tasks.length - mine.length;
  if (layout.ignored.length > 0 || others > 0) warnings.push(leftOut(layout.ignored, others));
  return { format: "agent-maestro", source: `agent-maestro:${projectId}`, tasks, specs: [], steering: [], warnings };
};

/** Project ids (with names) from projects/*.json and from the tasks, which may outlive their project file. */
function readProjects(layout: MaestroLayout): Map<string, string | undefined> {
  const projects = new Map<string, string | undefined>();
  for (const file of layout.projects) {
    const project = readEntity(file, Project);
    if (projects.has(project.id)) throw importError(file.item, `project id ${project.id} is also in another file`);
    projects.set(project.id, project.name);
  }
  for (const file of layout.tasks) {
    const id = projectOfFile(file);
    if (id !== null && !projects.has(id)) projects.set(id, undefined);
  }
  return projects;
}

/**
 * The project a task file belongs to: its folder (`tasks/<project id>/`), else its `projectId`.
 * Read leniently, so another project's broken file does not fail this project's import.
 */
function projectOfFile(file: TaskFile): string | null {
  if (file.folder !== null) return file.folder;
  try {
    const id: unknown = (JSON.parse(file.text) as { projectId?: unknown } | null)?.projectId;
    return typeof id === "string" || typeof id === "number" ? String(id).trim() || null : null;
  } catch {
    return null;
  }
}

/** Ids are written by agent-maestro as text; a hand-edited file may hold a number. */
const RefId = z.union([z.string().trim().min(1).max(100), z.number().int()]).transform(String);
const optionalText = z.string().nullish();

const Project = z.object({ id: RefId, name: z.string().optional() });

const Task = z.object({
  id: RefId,
  projectId: RefId.optional(),
  parentId: RefId.nullish(),
  title: z.string().trim().min(1, "must not be empty"),
  description: optionalText,
  initialPrompt: optionalText,
  status: optionalText,
  priority: optionalText,
  dependencies: z.array(RefId).nullish(),
  /** Older versions kept acceptance criteria on the task. */
  acceptanceCriteria: z.array(z.string()).nullish(),
});
type Task = z.infer<typeof Task>;

function readEntity<T extends z.ZodType>(file: { item: string; text: string }, schema: T): z.infer<T> {
  let value: unknown;
  try {
    value = JSON.parse(file.text);
  } catch (error) {
    throw importError(file.item, `is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw importError(file.item, `${issue.path.join(".") || "file"}: ${issue.message}`);
}

interface TaskFile {
  item: string;
  text: string;
  /** The project folder it sits in (`tasks/<project id>/`), if any. */
  folder: string | null;
}

interface MaestroLayout {
  projects: { item: string; text: string }[];
  tasks: TaskFile[];
  ignored: string[];
}

/** The data directory (or its parent holding `data/`), or one project's task folder alone. */
function sortFiles(files: ImportFiles): MaestroLayout {
  const paths = Object.keys(files).sort(compareSourceIds);
  const isDataDir = (prefix: string) =>
    paths.some((path) => path.startsWith(`${prefix}projects/`) || path.startsWith(`${prefix}tasks/`));
  const root = isDataDir("") ? "" : isDataDir("data/") ? "data/" : null;
  const layout: MaestroLayout = { projects: [], tasks: [], ignored: [] };
  for (const item of paths) {
    const text = files[item]!;
    const parts = (root !== null && item.startsWith(root) ? item.slice(root.length) : item).split("/");
    if (!item.toLowerCase().endsWith(".json")) layout.ignored.push(item);
    else if (root === null && parts.length === 1) layout.tasks.push({ item, text, folder: null });
    else if (parts[0] === "projects" && parts.length === 2) layout.projects.push({ item, text });
    else if (parts[0] === "tasks" && parts.length === 2) layout.tasks.push({ item, text, folder: null });
    else if (parts[0] === "tasks" && parts.length === 3) layout.tasks.push({ item, text, folder: parts[1]! });
    else layout.ignored.push(item);
  }
  if (layout.projects.length === 0 && layout.tasks.length === 0) {
    throw new DomainError(
      "INVALID_INPUT",
      "files: no agent-maestro projects/*.json or tasks/**/*.json in what was sent",
    );
  }
  return layout;
}

/** The only project, or the one `tag` names by id or name; otherwise fail naming the choices. */
function chooseProject(projects: ReadonlyMap<string, string | undefined>, tag: string | undefined): string {
  if (projects.size === 0 && tag !== undefined) return tag;
  const choices = [...projects].map(([id, name]) => (name ? `${id} (${name})` : id)).join(", ");
  if (tag !== undefined) {
    const byId = projects.has(tag) ? tag : undefined;
    const byName = [...projects].filter(([, name]) => name?.toLowerCase() === tag.toLowerCase()).map(([id]) => id);
    const chosen = byId ?? (byName.length === 1 ? byName[0] : undefined);
    if (chosen !== undefined) return chosen;
    throw new DomainError(
      "INVALID_INPUT",
      `tag: no single agent-maestro project is "${tag}"; the data holds ${choices || "none"}`,
    );
  }
  const [only, ...rest] = projects.keys();
  if (only === undefined) {
    throw new DomainError("INVALID_INPUT", "tag: the tasks name no project; give the project id as the tag");
  }
  if (rest.length > 0) {
    throw new DomainError(
      "INVALID_INPUT",
      `tag: the data holds ${projects.size} projects, choose one by id or name: ${choices}`,
    );
  }
  return only;
}

const STATUSES = new Map<string, TaskStatus | "archived">([
  ["todo", "todo"],
  ["pending", "todo"],
  ["in_progress", "in_progress"],
  ["in_review", "in_review"],
  ["review", "in_review"],
  ["completed", "done"],
  ["done", "done"],
  ["blocked", "blocked"],
  ["failed", "failed"],
  ["cancelled", "cancelled"],
  ["canceled", "cancelled"],
  ["archived", "archived"],
]);

function mapStatus(raw: string | null | undefined, warn: (message: string) => void): TaskStatus | "archived" {
  if (!raw) return "todo";
  const status = STATUSES.get(raw.trim().toLowerCase().replace(/[\s-]/g, "_"));
  if (status) return status;
  warn(`status "${raw}" is not one agent-maestro writes: imported as todo`);
  return "todo";
}

const PRIORITIES = new Map<string, TaskPriority>([
  ["low", "low"],
  ["medium", "medium"],
  ["high", "high"],
  ["critical", "critical"],
]);

function toImported(task: Task, status: TaskStatus, warn: (message: string) => void): ReadTask["task"] {
  let priority = PRIORITIES.get(task.priority?.trim().toLowerCase() ?? "medium");
  if (!priority) {
    warn(`priority "${task.priority}" is not low, medium or high: imported as medium`);
    priority = "medium";
  }
  const description = task.description?.trim() ?? "";
  const prompt = task.initialPrompt?.trim() ?? "";
  const hasOwnPrompt = prompt !== "" && prompt !== description;
  return {
    sourceId: task.id,
    title: task.title,
    description: [description, hasOwnPrompt ? `## Initial prompt\n\n${prompt}` : ""].filter(Boolean).join("\n\n"),
    acceptanceCriteria: (task.acceptanceCriteria ?? []).map((text) => text.trim()).filter(Boolean),
    status,
    priority,
    parentSourceId: task.parentId ?? null,
    dependsOn: task.dependencies ?? [],
    specSourceId: null,
    requirementIds: [],
  };
}

/** Sessions, mail, orderings, team members…: one warning for all of it, by folder. */
function leftOut(ignored: string[], otherProjectTasks: number): ImportWarning {
  const folders = [...new Set(ignored.map((path) => path.split("/").slice(0, -1).join("/") || path))];
  const parts = [
    ignored.length > 0 ? `${ignored.length} files that are not projects or tasks (${folders.join(", ")})` : "",
    otherProjectTasks > 0 ? `${otherProjectTasks} task${otherProjectTasks === 1 ? "" : "s"} of other projects` : "",
  ];
  return { item: "agent-maestro", message: `not imported: ${parts.filter(Boolean).join("; ")}` };
}
