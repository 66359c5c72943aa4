import type { TaskPriority, TaskStatus } from "../task";

/** What config.yml says that reading a task needs. */
export interface BacklogConfig {
  /** The board's columns in order (`statuses:`), first = not started, last = done. */
  statuses: string[];
  defaultStatus: string | null;
  /** Lower-case id prefix for bare numbers (`task_prefix`, default `task`). */
  prefix: string;
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

export function mapPriority(raw: string | undefined, warn: (message: string) => void): TaskPriority {
  if (raw === undefined) return "medium";
  const priority = PRIORITIES.get(raw.toLowerCase());
  if (priority) return priority;
  warn(`priority "${raw}" is not low, medium or high: imported as medium`);
  return "medium";
}
