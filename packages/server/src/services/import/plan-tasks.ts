import {
  DomainError,
  type ImportBundle,
  type ImportWarning,
  type ImportedTask,
  type Project,
  type Task,
  type TaskStatus,
  canTransition,
  findCycle,
} from "@maestro/domain";
import { type PlannedTask, newSpecId, newTaskId } from "./import-work";

/** How far along a status is: a re-import moves a task forward, never back (Maestro's progress is kept). */
const PROGRESS: Record<TaskStatus, number> = {
  todo: 0,
  blocked: 0,
  failed: 0,
  in_progress: 1,
  in_review: 2,
  done: 3,
  cancelled: 3,
};

/** Parents before their children, otherwise in the bundle's order (keys follow it). */
export function creationOrder(tasks: readonly ImportedTask[]): ImportedTask[] {
  const bySource = new Map(tasks.map((task) => [task.sourceId, task]));
  const placed = new Set<string>();
  const order: ImportedTask[] = [];
  const place = (task: ImportedTask): void => {
    if (placed.has(task.sourceId)) return;
    placed.add(task.sourceId);
    const parent = task.parentSourceId === null ? undefined : bySource.get(task.parentSourceId);
    if (parent) place(parent);
    order.push(task);
  };
  tasks.forEach(place);
  return order;
}

function nextStatus(existing: Task, wanted: TaskStatus, warnings: ImportWarning[], item: string): TaskStatus {
  if (wanted === existing.status || PROGRESS[wanted] < PROGRESS[existing.status]) return existing.status;
  if (canTransition(existing.status, wanted)) return wanted;
  warnings.push({ item, message: `stays ${existing.status}: a task cannot go from ${existing.status} to ${wanted}` });
  return existing.status;
}

const sameList = (a: readonly string[], b: readonly string[]) => JSON.stringify(a) === JSON.stringify(b);
const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((item) => b.includes(item));

export interface Resolved {
  parentId: string | null;
  dependsOn: string[];
  specId: string | null;
}

/** The fields of `existing` the item changes (the resolved parent, dependencies and spec included). */
function changesOf(existing: Task, item: ImportedTask, status: TaskStatus, resolved: Resolved): string[] {
  const changes: string[] = [];
  if (existing.title !== item.title) changes.push("title");
  if (existing.description !== item.description) changes.push("description");
  if (!sameList(existing.acceptanceCriteria, item.acceptanceCriteria)) changes.push("acceptanceCriteria");
  if (existing.priority !== item.priority) changes.push("priority");
  if (status !== existing.status) changes.push("status");
  if (existing.parentId !== resolved.parentId) changes.push("parentId");
  if (!sameSet(existing.dependsOn, resolved.dependsOn)) changes.push("dependsOn");
  if (existing.specId !== resolved.specId) changes.push("specId");
  if (!sameList(existing.requirementIds, item.requirementIds)) changes.push("requirementIds");
  return changes;
}

/** Ids by sourceId: an earlier import's tasks, and placeholders for the ones this import creates. */
export function taskIdsOf(bundle: ImportBundle, existingIds: Map<string, string>): Map<string, string> {
  const ids = new Map(existingIds);
  for (const task of bundle.tasks) if (!ids.has(task.sourceId)) ids.set(task.sourceId, newTaskId(task.sourceId));
  return ids;
}

export function resolveItem(item: ImportedTask, taskIds: Map<string, string>, specIds: Map<string, string>): Resolved {
  const specId = item.specSourceId === null ? null : (specIds.get(item.specSourceId) ?? newSpecId(item.specSourceId));
  return {
    parentId: item.parentSourceId === null ? null : taskIds.get(item.parentSourceId)!,
    dependsOn: item.dependsOn.map((dep) => taskIds.get(dep)!),
    specId,
  };
}

interface TaskPlanInput {
  project: Project;
  bundle: ImportBundle;
  projectTasks: Map<string, Task>;
  taskIds: Map<string, string>;
  specIds: Map<string, string>;
  nextNumber: number;
  warnings: ImportWarning[];
}

export function planTasks(input: TaskPlanInput): PlannedTask[] {
  let number = input.nextNumber;
  return creationOrder(input.bundle.tasks).map((item) => {
    const existing = input.projectTasks.get(input.taskIds.get(item.sourceId)!) ?? null;
    if (!existing) return { item, existing, key: `${input.project.key}-${number++}`, status: item.status, changes: [] };
    const status = nextStatus(existing, item.status, input.warnings, `task ${item.sourceId}`);
    const changes = changesOf(existing, item, status, resolveItem(item, input.taskIds, input.specIds));
    return { item, existing, key: existing.key, status, changes };
  });
}

/**
 * Refuses an import whose dependencies (with the project's other tasks) would form a cycle, or
 * whose parents would put a task inside itself, naming the items along it.
 */
export function assertGraphSound(input: TaskPlanInput): void {
  const sourceOf = new Map([...input.taskIds].map(([sourceId, id]) => [id, sourceId]));
  const label = (id: string) => {
    const sourceId = sourceOf.get(id);
    return sourceId === undefined ? (input.projectTasks.get(id)?.key ?? id) : `task ${sourceId}`;
  };
  const desired = new Map<string, Resolved>();
  for (const item of input.bundle.tasks) {
    desired.set(input.taskIds.get(item.sourceId)!, resolveItem(item, input.taskIds, input.specIds));
  }
  const nodes = [...input.projectTasks.values()]
    .filter((task) => !desired.has(task.id))
    .map((task) => ({ id: task.id, dependsOn: task.dependsOn, parentId: task.parentId }));
  for (const [id, resolved] of desired) nodes.push({ id, ...resolved });
  const cycle = findCycle(nodes);
  if (cycle) {
    const names = cycle.map(label);
    throw new DomainError("DEPENDENCY_CYCLE", `dependency cycle in the import: ${names.join(" → ")}`, {
      field: "dependsOn",
      cycle: names,
    });
  }
  assertNoParentLoop(nodes, label);
}

function assertNoParentLoop(nodes: { id: string; parentId: string | null }[], label: (id: string) => string): void {
  const parentOf = new Map(nodes.map((node) => [node.id, node.parentId]));
  for (const node of nodes) {
    const seen = new Set([node.id]);
    for (let at = node.parentId; at !== null && at !== undefined; at = parentOf.get(at) ?? null) {
      if (!seen.has(at)) {
        seen.add(at);
        continue;
      }
      throw new DomainError("INVALID_INPUT", `${label(node.id)}: would be inside itself (through ${label(at)})`, {
        field: "parentId",
      });
    }
  }
}
