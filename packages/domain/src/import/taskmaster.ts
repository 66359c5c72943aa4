import type { TaskPriority, TaskStatus } from "../task";
import type { ImportBundle, ImportFiles, ImportWarning, ImportedTask, ParseOptions } from "./bundle";
import { type Raw, invalid, isObject, parseJson, pickFile, pickTag } from "./taskmaster-file";
import {
  TASKMASTER_PRIORITY_TO_MAESTRO,
  TASKMASTER_STATUS_TO_MAESTRO,
  criteriaOfTestStrategy,
  joinDescription,
} from "./taskmaster-format";

/**
 * Task Master's `.taskmaster/tasks/tasks.json`: tagged (`{"<tag>": {"tasks": [...], "metadata"}}`)
 * or the legacy untagged `{"tasks": [...]}`. Tasks have numeric (or string) ids, subtasks with
 * ids of their own, and dependencies that are task numbers or `"N.M"` subtask references; in a
 * subtask a plain number names a sibling.
 */
const MAX_CRITERION_LENGTH = 2_000;

function text(value: unknown): string {
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : "";
}

/** `3`, `"3"` and `" 3 "` are the same id; a subtask's `"3.2"` is its own part after the dot. */
function idOf(value: unknown): string | null {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "string" && value.trim() !== "") return value.trim();
  return null;
}

function mapStatus(value: unknown, item: string, warnings: ImportWarning[]): TaskStatus {
  if (value === undefined || value === null || value === "") return "todo";
  const status = TASKMASTER_STATUS_TO_MAESTRO[text(value).trim().toLowerCase()];
  if (status === undefined) {
    warnings.push({ item, message: `status ${JSON.stringify(value)} is unknown: imported as todo` });
    return "todo";
  }
  if (text(value).trim().toLowerCase() === "deferred") {
    warnings.push({ item, message: "status deferred has no Maestro status: imported as todo" });
  }
  return status;
}

function mapPriority(value: unknown, fallback: TaskPriority, item: string, warnings: ImportWarning[]): TaskPriority {
  if (value === undefined || value === null || value === "") return fallback;
  const priority = TASKMASTER_PRIORITY_TO_MAESTRO[text(value).trim().toLowerCase()];
  if (priority !== undefined) return priority;
  warnings.push({ item, message: `priority ${JSON.stringify(value)} is unknown: imported as ${fallback}` });
  return fallback;
}

/** Description, details and test strategy; a long prose strategy stays a section of the description. */
function describe(raw: Raw): { description: string; acceptanceCriteria: string[] } {
  const description = joinDescription(text(raw.description), text(raw.details));
  const criteria = criteriaOfTestStrategy(text(raw.testStrategy));
  if (criteria.length === 1 && criteria[0]!.length > MAX_CRITERION_LENGTH) {
    return { description: `${description}\n\n## Test strategy\n\n${criteria[0]}`.trim(), acceptanceCriteria: [] };
  }
  return { description, acceptanceCriteria: criteria };
}

interface Index {
  tasks: Set<string>;
  /** `N.M` of every subtask. */
  subtasks: Set<string>;
}

/**
 * A dependency as a sourceId: `"N.M"` names a subtask; a plain number names a sibling when
 * `parent` is given and has one, else a top-level task. Null when it names nothing here.
 */
function resolveDependency(dep: unknown, index: Index, parent: string | null): string | null {
  const ref = idOf(dep);
  if (ref === null) return null;
  if (ref.includes(".")) return index.subtasks.has(ref) ? ref : null;
  if (parent !== null && index.subtasks.has(`${parent}.${ref}`)) return `${parent}.${ref}`;
  return index.tasks.has(ref) ? ref : null;
}

function dependenciesOf(
  raw: Raw,
  index: Index,
  self: string,
  parent: string | null,
  warnings: ImportWarning[],
): string[] {
  const deps = Array.isArray(raw.dependencies) ? raw.dependencies : [];
  const item = `task ${self}`;
  const resolved: string[] = [];
  for (const dep of deps) {
    const id = resolveDependency(dep, index, parent);
    if (id === null) {
      warnings.push({ item, message: `depends on ${JSON.stringify(dep)}, which is not in this tag: left out` });
    } else if (id === self) warnings.push({ item, message: "depends on itself: left out" });
    else if (!resolved.includes(id)) resolved.push(id);
  }
  return resolved;
}

/** A subtask's own number: its id, or the part after the dot of a `"3.2"` id, or its position. */
function subtaskIdOf(raw: Raw, parent: string, position: number, warnings: ImportWarning[]): string {
  const id = idOf(raw.id);
  if (id === null) {
    warnings.push({ item: `task ${parent}.${position}`, message: "subtask has no id: numbered by its position" });
    return String(position);
  }
  return id.startsWith(`${parent}.`) ? id.slice(parent.length + 1) : id;
}

interface RawItem {
  raw: Raw;
  sourceId: string;
  parent: string | null;
}

function flatten(tasks: unknown[], name: string, warnings: ImportWarning[]): RawItem[] {
  const items: RawItem[] = [];
  tasks.forEach((raw, position) => {
    if (!isObject(raw)) throw invalid(name, `task at position ${position + 1} is not an object`);
    const sourceId = idOf(raw.id);
    if (sourceId === null) throw invalid(name, `task at position ${position + 1} ("${text(raw.title)}") has no id`);
    items.push({ raw, sourceId, parent: null });
    const subtasks = Array.isArray(raw.subtasks) ? raw.subtasks : [];
    subtasks.forEach((sub, subPosition) => {
      if (!isObject(sub)) {
        throw invalid(name, `task ${sourceId}: subtask at position ${subPosition + 1} is not an object`);
      }
      const own = subtaskIdOf(sub, sourceId, subPosition + 1, warnings);
      items.push({ raw: sub, sourceId: `${sourceId}.${own}`, parent: sourceId });
    });
  });
  return items;
}

function toTask(item: RawItem, index: Index, parentPriority: TaskPriority, warnings: ImportWarning[]): ImportedTask {
  const { raw, sourceId, parent } = item;
  const label = `task ${sourceId}`;
  const title = text(raw.title).trim();
  if (title === "") throw invalid(label, "has no title");
  return {
    sourceId,
    title,
    ...describe(raw),
    status: mapStatus(raw.status, label, warnings),
    priority: mapPriority(raw.priority, parentPriority, label, warnings),
    parentSourceId: parent,
    dependsOn: dependenciesOf(raw, index, sourceId, parent, warnings),
    specSourceId: null,
    requirementIds: [],
  };
}

export function parseTaskmaster(files: ImportFiles, options: ParseOptions): ImportBundle {
  const [name, content] = pickFile(files);
  const { tag, tasks } = pickTag(name, parseJson(name, content), options.tag);
  const warnings: ImportWarning[] = [];
  if (tasks.length === 0) warnings.push({ item: `tag ${tag}`, message: "has no tasks" });
  const items = flatten(tasks, name, warnings);
  const index: Index = {
    tasks: new Set(items.filter((item) => item.parent === null).map((item) => item.sourceId)),
    subtasks: new Set(items.filter((item) => item.parent !== null).map((item) => item.sourceId)),
  };
  const priorities = new Map<string, TaskPriority>();
  const imported = items.map((item) => {
    const inherited = item.parent === null ? "medium" : (priorities.get(item.parent) ?? "medium");
    const task = toTask(item, index, inherited, warnings);
    priorities.set(task.sourceId, task.priority);
    return task;
  });
  return { format: "taskmaster", source: `taskmaster:${tag}`, tasks: imported, specs: [], steering: [], warnings };
}
