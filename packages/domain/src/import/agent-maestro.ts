import { z } from "zod";
import type { TaskPriority, TaskStatus } from "../task";
import type { ImportParser, ImportWarning } from "./bundle";
import {
  RefId,
  chooseProject,
  leftOut,
  projectOfFile,
  readEntity,
  readProjects,
  sortFiles,
} from "./agent-maestro-layout";
import { linkTasks, type ReadTask } from "./link-tasks";

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

const optionalText = z.string().nullish();

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
