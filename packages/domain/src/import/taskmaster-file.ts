import { DomainError } from "../errors";
import type { ImportFiles } from "./bundle";

export type Raw = Record<string, unknown>;

export function invalid(where: string, message: string): DomainError {
  return new DomainError("INVALID_INPUT", `${where}: ${message}`, { field: "files" });
}

export function isObject(value: unknown): value is Raw {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The tasks file: the only file given, else the one at `tasks/tasks.json`, else any `tasks.json`. */
export function pickFile(files: ImportFiles): [string, string] {
  const entries = Object.entries(files);
  if (entries.length === 1) return entries[0]!;
  const found =
    entries.find(([path]) => path === "tasks/tasks.json" || path.endsWith("/tasks/tasks.json")) ??
    entries.find(([path]) => path === "tasks.json" || path.endsWith("/tasks.json"));
  if (!found) throw invalid("taskmaster", "no tasks.json among the files (give .taskmaster/tasks/tasks.json)");
  return found;
}

export function parseJson(name: string, content: string): unknown {
  try {
    return JSON.parse(content) as unknown;
  } catch (error) {
    throw invalid(name, `is not JSON (${(error as Error).message})`);
  }
}

/** The chosen tag's task list and its name; legacy files are the `master` tag. */
export function pickTag(name: string, root: unknown, wanted: string | undefined): { tag: string; tasks: unknown[] } {
  if (!isObject(root)) throw invalid(name, 'must be a JSON object of tags or {"tasks": [...]}');
  if (Array.isArray(root.tasks)) {
    if (wanted !== undefined && wanted !== "master") {
      throw invalid(name, `has no tags (the legacy untagged format), so there is no tag "${wanted}"`);
    }
    return { tag: "master", tasks: root.tasks };
  }
  const tags = Object.keys(root).filter((key) => isObject(root[key]));
  if (tags.length === 0) throw invalid(name, "holds no tag and no task list");
  const tag = wanted ?? (tags.includes("master") ? "master" : tags.length === 1 ? tags[0]! : undefined);
  if (tag === undefined) throw invalid(name, `has tags ${tags.join(", ")} and none is master: choose one with --tag`);
  const entry = root[tag];
  if (!isObject(entry)) throw invalid(name, `has no tag "${tag}" (it has ${tags.join(", ")})`);
  if (entry.tasks !== undefined && !Array.isArray(entry.tasks)) {
    throw invalid(name, `tag ${tag}: "tasks" is not a list`);
  }
  return { tag, tasks: (entry.tasks as unknown[] | undefined) ?? [] };
}
