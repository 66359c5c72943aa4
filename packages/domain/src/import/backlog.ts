import { DomainError } from "../errors";
import type { ImportFiles, ImportParser, ImportWarning } from "./bundle";
import { parseYamlMapping } from "./backlog-markdown";
import { idFromFileName, list, normalizeTaskId, readBacklogTask, scalar, type BacklogFile } from "./backlog-task";
import type { BacklogConfig } from "./backlog-status";
import { compareSourceIds, linkTasks, type ReadTask } from "./link-tasks";

/**
 * Backlog.md (github.com/MrLesk/Backlog.md): the `backlog/` folder, or its `tasks/` folder alone.
 * tasks/ and completed/ (as done) are imported; drafts/ and archive/ are left out with a warning
 * each; config.yml gives the status columns and the id prefix; docs, decisions and milestones are
 * not tasks and are counted in one warning.
 */
export const parseBacklog: ImportParser = (files) => {
  const warnings: ImportWarning[] = [];
  const layout = sortFiles(files);
  const config = readConfig(layout.config);
  const skipped = new Map<string, string>();
  for (const file of layout.skipped) {
    const reason = file.place === "draft" ? "a draft" : "archived";
    skipped.set(normalizeTaskId(idFromFileName(file.item), config.prefix), `${reason}, not imported`);
    warnings.push({ item: file.item, message: `${reason}: not imported` });
  }
  const read = layout.tasks.map((file) => readBacklogTask(file, config, warnings));
  inferParents(read);
  const tasks = linkTasks(read, skipped, warnings);
  if (layout.ignored.length > 0) {
    const folders = [...new Set(layout.ignored.map((path) => path.split("/")[0]))].join(", ");
    warnings.push({
      item: "backlog",
      message: `${layout.ignored.length} files that are not tasks were not imported (${folders})`,
    });
  }
  return { format: "backlog", source: "backlog", tasks, specs: [], steering: [], warnings };
};

interface SkippedFile {
  item: string;
  place: "draft" | "archived";
}

interface BacklogLayout {
  config: { item: string; text: string } | null;
  tasks: BacklogFile[];
  skipped: SkippedFile[];
  /** Paths of files that are neither tasks nor config (docs/, decisions/, milestones/, …). */
  ignored: string[];
}

/** Sorts the sent files by where they sit; the project root (holding `backlog/`) works too. */
function sortFiles(files: ImportFiles): BacklogLayout {
  const paths = Object.keys(files).sort(compareSourceIds);
  const root = ["backlog/", ".backlog/"].find((prefix) => paths.some((path) => path.startsWith(prefix))) ?? "";
  const isTasksFolder = !paths.some((path) => path.startsWith(`${root}tasks/`));
  const layout: BacklogLayout = { config: null, tasks: [], skipped: [], ignored: [] };
  for (const item of paths) {
    const text = files[item]!;
    // Beside backlog/ (a project root) only backlog.config.yml is Backlog.md's: a tasks/ there is someone else's.
    const isOutside = root !== "" && !item.startsWith(root) && item !== "backlog.config.yml";
    const place = isOutside ? "other" : placeOf(item.startsWith(root) ? item.slice(root.length) : item, isTasksFolder);
    if (place === "config") layout.config = { item, text };
    else if (place === "active" || place === "completed") layout.tasks.push({ item, text, place });
    else if (place === "draft" || place === "archived") layout.skipped.push({ item, place });
    else layout.ignored.push(item);
  }
  if (layout.tasks.length === 0 && layout.skipped.length === 0) {
    throw new DomainError("INVALID_INPUT", "files: no Backlog.md task files (tasks/*.md) in what was sent");
  }
  return layout;
}

type Place = BacklogFile["place"] | SkippedFile["place"] | "config" | "other";

function placeOf(path: string, isTasksFolder: boolean): Place {
  // Newer Backlog.md may keep its config at the project root as backlog.config.yml.
  if (path === "config.yml" || path === "config.yaml" || path === "backlog.config.yml") return "config";
  if (!path.toLowerCase().endsWith(".md")) return "other";
  const slash = path.indexOf("/");
  if (slash < 0) return isTasksFolder ? "active" : "other";
  switch (path.slice(0, slash)) {
    case "tasks":
      return "active";
    case "completed":
      return "completed";
    case "drafts":
      return "draft";
    case "archive":
      return "archived";
    default:
      return "other";
  }
}

const DEFAULT_CONFIG: BacklogConfig = {
  statuses: ["To Do", "In Progress", "Done"],
  defaultStatus: null,
  prefix: "task",
};

function readConfig(file: BacklogLayout["config"]): BacklogConfig {
  if (!file) return DEFAULT_CONFIG;
  const fields = parseYamlMapping(file.item, file.text);
  const statuses = list(fields.statuses);
  const prefixes = fields.prefixes;
  const nestedPrefix =
    prefixes && typeof prefixes === "object" ? (prefixes as Record<string, unknown>).task : undefined;
  return {
    statuses: statuses.length > 0 ? statuses : DEFAULT_CONFIG.statuses,
    defaultStatus: scalar(fields.default_status) ?? null,
    prefix: (scalar(fields.task_prefix) ?? scalar(nestedPrefix) ?? DEFAULT_CONFIG.prefix).toLowerCase(),
  };
}

/** A subtask's id names its parent (`task-7.1` under `task-7`) even where parent_task_id is missing. */
function inferParents(read: ReadTask[]): void {
  const ids = new Set(read.map(({ task }) => task.sourceId));
  for (const { task } of read) {
    if (task.parentSourceId !== null) continue;
    const dot = task.sourceId.lastIndexOf(".");
    const parent = dot > 0 ? task.sourceId.slice(0, dot) : null;
    if (parent !== null && ids.has(parent)) task.parentSourceId = parent;
  }
}
