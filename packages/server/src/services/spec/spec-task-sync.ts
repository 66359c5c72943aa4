import {
  type Db,
  findTaskById,
  linkSpecTask,
  listSpecTaskLinks,
  loadTaskGraph,
  setTaskDependencies,
  updateTask,
  type TaskPatch,
} from "@maestro/db";
import {
  type Project,
  type Spec,
  type Task,
  type TaskPlan,
  type TaskPlanItem,
  assertNoCycle,
  canTransition,
  findCycle,
  flattenTaskPlan,
  parseTasksMarkdown,
  statusTimestamps,
} from "@maestro/domain";
import { insertProjectTask, recordTaskCreated, recordTaskUpdated } from "../task/task-writes";
import type { RecordEvent } from "../unit-of-work";
import { assertTaskPlan } from "./save-version";

function parentNumbers(
  items: readonly TaskPlanItem[],
  parent: string | null = null,
  into = new Map<string, string | null>(),
) {
  for (const item of items) {
    into.set(item.number, parent);
    parentNumbers(item.children, item.number, into);
  }
  return into;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export interface PlanToSync {
  project: Project;
  spec: Spec;
  /** tasks.md as approved. */
  text: string;
}

async function createItemTask(
  tx: Db,
  { project, spec }: Pick<PlanToSync, "project" | "spec">,
  { item, parentId }: { item: TaskPlanItem; parentId: string | null },
): Promise<Task> {
  const task = await insertProjectTask(tx, project, {
    parentId,
    title: item.title,
    description: item.description,
    status: item.isDone ? "done" : "todo",
    specId: spec.id,
    requirementIds: item.requirementIds,
  });
  await linkSpecTask(tx, { specId: spec.id, item: item.number, taskId: task.id });
  return task;
}

/** The fields of a linked task that tasks.md now says differently. */
function itemPatch(task: Task, item: TaskPlanItem, parentId: string | null): { patch: TaskPatch; changed: string[] } {
  const wanted: TaskPatch = {
    title: item.title,
    description: item.description,
    requirementIds: item.requirementIds,
    parentId,
  };
  const patch: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(wanted)) {
    if (!same(task[field as keyof Task], value)) patch[field] = value;
  }
  if (item.isDone && task.status !== "done" && canTransition(task.status, "done")) {
    Object.assign(patch, { status: "done" }, statusTimestamps(task.status, "done", task, new Date().toISOString()));
  }
  return { patch: patch as TaskPatch, changed: Object.keys(patch).filter((field) => !field.endsWith("At")) };
}

/** Which task each item is, and what the sync did to it; the events are recorded from this at the end. */
interface SyncOutcome {
  /** Every item of the plan, parents before their children. */
  items: TaskPlanItem[];
  idByNumber: Map<string, string>;
  createdIds: Set<string>;
  changedById: Map<string, string[]>;
}

/** Each item's task: the linked one brought up to date, or a new one. Parents come before their children. */
async function upsertItemTasks(tx: Db, { project, spec }: PlanToSync, plan: TaskPlan): Promise<SyncOutcome> {
  const items = flattenTaskPlan(plan.items);
  const outcome: SyncOutcome = { items, idByNumber: new Map(), createdIds: new Set(), changedById: new Map() };
  const links = await listSpecTaskLinks(tx, spec.id);
  const parents = parentNumbers(plan.items);
  for (const item of items) {
    const parentNumber = parents.get(item.number) ?? null;
    const parentId = parentNumber === null ? null : outcome.idByNumber.get(parentNumber)!;
    const linkedId = links.get(item.number);
    const existing = linkedId ? await findTaskById(tx, linkedId) : undefined;
    if (!existing) {
      const task = await createItemTask(tx, { project, spec }, { item, parentId });
      outcome.idByNumber.set(item.number, task.id);
      outcome.createdIds.add(task.id);
      continue;
    }
    outcome.idByNumber.set(item.number, existing.id);
    const { patch, changed } = itemPatch(existing, item, parentId);
    if (changed.length > 0) await updateTask(tx, existing.id, patch);
    outcome.changedById.set(existing.id, changed);
  }
  return outcome;
}

/** Dependencies as the file says, once every item has its task. */
async function syncDependencies(tx: Db, project: Project, outcome: SyncOutcome): Promise<void> {
  const { items, idByNumber, createdIds, changedById } = outcome;
  for (const item of items) {
    const id = idByNumber.get(item.number)!;
    const dependsOn = item.dependsOn.map((number) => idByNumber.get(number)!);
    const before = createdIds.has(id) ? [] : (await findTaskById(tx, id))!.dependsOn;
    if (same([...before].sort(), [...dependsOn].sort())) continue;
    await setTaskDependencies(tx, { id, projectId: project.id }, dependsOn);
    if (!createdIds.has(id)) changedById.get(id)!.push("dependsOn");
  }
}

/**
 * Makes the project's tasks match tasks.md: an item already linked to a task (by spec and item
 * number) updates it, a new item creates one; dependencies and requirement links follow the
 * file. Items removed from the file leave their tasks alone (no work is ever deleted).
 */
export async function syncTasksFromPlan(
  tx: Db,
  record: RecordEvent,
  args: PlanToSync,
): Promise<{ created: string[]; updated: string[] }> {
  const plan = parseTasksMarkdown(args.text);
  assertTaskPlan(plan);
  const outcome = await upsertItemTasks(tx, args, plan);
  await syncDependencies(tx, args.project, outcome);
  const graph = await loadTaskGraph(tx, args.project.id);
  assertNoCycle(findCycle(graph.nodes), (id) => graph.keys.get(id) ?? id);
  return recordTaskEvents(tx, record, outcome);
}

/** Created tasks and changed ones, each recorded once with its final state. */
async function recordTaskEvents(
  tx: Db,
  record: RecordEvent,
  { idByNumber, createdIds, changedById }: SyncOutcome,
): Promise<{ created: string[]; updated: string[] }> {
  const created: string[] = [];
  const updated: string[] = [];
  for (const id of idByNumber.values()) {
    const task = (await findTaskById(tx, id))!;
    if (createdIds.has(id)) {
      created.push(task.key);
      recordTaskCreated(record, task);
      continue;
    }
    const changed = changedById.get(id) ?? [];
    if (changed.length === 0) continue;
    updated.push(task.key);
    recordTaskUpdated(record, task, changed);
  }
  return { created, updated };
}
