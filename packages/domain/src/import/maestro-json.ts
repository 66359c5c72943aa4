import { z } from "zod";
import { DomainError } from "../errors";
import { TASK_PRIORITIES, TASK_STATUSES, type TaskPriority, type TaskStatus } from "../task";
import type { ImportBundle, ImportFiles, ImportWarning, ImportedTask } from "./bundle";
import type { ExportGraph, ExportResult } from "./export-graph";

/**
 * Maestro's own export: the whole graph of a project with keys, parents, dependencies, statuses,
 * priorities, descriptions, acceptance criteria, specs and steering. Importing it elsewhere
 * gives an equal graph; importing it again updates what the first import made (matched by key).
 */
const ExportedTask = z.object({
  key: z.string().trim().min(1).max(200),
  title: z.string(),
  description: z.string().default(""),
  acceptanceCriteria: z.array(z.string()).default([]),
  status: z.string().default("todo"),
  priority: z.string().default("medium"),
  parent: z.string().nullable().default(null),
  dependsOn: z.array(z.string()).default([]),
  spec: z.string().nullable().default(null),
  requirementIds: z.array(z.string()).default([]),
  specItem: z.string().nullable().default(null),
});
const ExportedSpec = z.object({
  slug: z.string().trim().min(1).max(200),
  name: z.string(),
  documents: z.object({ requirements: z.string(), design: z.string(), tasks: z.string() }).partial().default({}),
});
export const MaestroExport = z.object({
  format: z.literal("maestro"),
  version: z.literal(1),
  exportedAt: z.string().optional(),
  project: z.object({ key: z.string().trim().min(1).max(100), name: z.string() }),
  tasks: z.array(ExportedTask).default([]),
  specs: z.array(ExportedSpec).default([]),
  steering: z.array(z.object({ name: z.string(), content: z.string() })).default([]),
});
export type MaestroExport = z.infer<typeof MaestroExport>;

function invalid(message: string): DomainError {
  return new DomainError("INVALID_INPUT", message, { field: "files" });
}

/** Names the item a schema problem is in (`task WEB-3: status …`) rather than its position. */
function describeIssue(raw: unknown, issue: z.core.$ZodIssue): string {
  const [list, position, ...rest] = issue.path;
  const items = (raw as Record<string, unknown> | null)?.[String(list)];
  const item =
    Array.isArray(items) && typeof position === "number" ? (items[position] as Record<string, unknown>) : null;
  const name = item && typeof item === "object" ? (item.key ?? item.slug ?? item.name ?? position) : null;
  if (name !== null && typeof list === "string") {
    return `${list.replace(/s$/, "")} ${String(name)}: ${rest.join(".") || "item"} ${issue.message}`;
  }
  return `${issue.path.join(".") || "the file"}: ${issue.message}`;
}

function oneOfOr<T extends string>(
  values: readonly T[],
  value: string,
  fallback: T,
  item: string,
  warnings: ImportWarning[],
): T {
  if ((values as readonly string[]).includes(value)) return value as T;
  warnings.push({ item, message: `${JSON.stringify(value)} is not a Maestro value: imported as ${fallback}` });
  return fallback;
}

function toImported(task: MaestroExport["tasks"][number], warnings: ImportWarning[]): ImportedTask {
  const item = `task ${task.key}`;
  return {
    sourceId: task.key,
    title: task.title,
    description: task.description,
    acceptanceCriteria: task.acceptanceCriteria,
    status: oneOfOr<TaskStatus>(TASK_STATUSES, task.status, "todo", item, warnings),
    priority: oneOfOr<TaskPriority>(TASK_PRIORITIES, task.priority, "medium", item, warnings),
    parentSourceId: task.parent,
    dependsOn: task.dependsOn,
    specSourceId: task.spec,
    requirementIds: task.requirementIds,
    specItem: task.specItem ?? undefined,
  };
}

export function parseMaestroJson(files: ImportFiles): ImportBundle {
  const entries = Object.entries(files);
  const [name, content] = entries.length === 1 ? entries[0]! : (entries.find(([path]) => path.endsWith(".json")) ?? []);
  if (name === undefined || content === undefined) throw invalid("json: give the one .json file an export wrote");
  let raw: unknown;
  try {
    raw = JSON.parse(content);
  } catch (error) {
    throw invalid(`${name}: is not JSON (${(error as Error).message})`);
  }
  const parsed = MaestroExport.safeParse(raw);
  if (!parsed.success) throw invalid(`${name}: ${describeIssue(raw, parsed.error.issues[0]!)}`);
  const doc = parsed.data;
  const warnings: ImportWarning[] = [];
  return {
    format: "json",
    source: `json:${doc.project.key}`,
    tasks: doc.tasks.map((task) => toImported(task, warnings)),
    specs: doc.specs.map((spec) => ({ sourceId: spec.slug, name: spec.name, documents: spec.documents })),
    steering: doc.steering.map((entry) => ({ name: entry.name.replace(/\.md$/, ""), content: entry.content })),
    warnings,
  };
}

export function exportMaestroJson(graph: ExportGraph, now = new Date()): ExportResult {
  const keyOf = new Map(graph.tasks.map((task) => [task.id, task.key]));
  const slugOf = new Map(graph.specs.map((spec) => [spec.id, spec.slug]));
  const doc: MaestroExport = {
    format: "maestro",
    version: 1,
    exportedAt: now.toISOString(),
    project: graph.project,
    tasks: graph.tasks.map((task) => ({
      key: task.key,
      title: task.title,
      description: task.description,
      acceptanceCriteria: task.acceptanceCriteria,
      status: task.status,
      priority: task.priority,
      parent: task.parentId === null ? null : (keyOf.get(task.parentId) ?? null),
      dependsOn: task.dependsOn.flatMap((id) => keyOf.get(id) ?? []),
      spec: task.specId === null ? null : (slugOf.get(task.specId) ?? null),
      requirementIds: task.requirementIds,
      specItem: graph.specItems?.get(task.id) ?? null,
    })),
    specs: graph.specs.map((spec) => ({ slug: spec.slug, name: spec.name, documents: spec.documents })),
    steering: graph.steering.map((entry) => ({ name: entry.name, content: entry.content })),
  };
  const fileName = `${graph.project.key.toLowerCase()}.maestro.json`;
  return { format: "json", fileName, content: `${JSON.stringify(doc, null, 2)}\n` };
}
