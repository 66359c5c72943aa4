import type { Task } from "../task";
import type { ExportGraph, ExportResult } from "./export-graph";
import { MAESTRO_STATUS_TO_TASKMASTER, splitDescription, testStrategyOfCriteria } from "./taskmaster-format";

/**
 * A project as Task Master's tagged tasks.json (`{"master": {"tasks": [...], "metadata"}}`):
 * top-level tasks numbered 1…n in rank order, every task below one of them as its subtask
 * (Task Master nests one level, so deeper ones are flattened under their top-level task),
 * dependencies as numbers, sibling numbers in subtasks, and `"N.M"` for another task's subtask.
 */
interface Place {
  top: number;
  /** The subtask number under `top`, or null for the top-level task itself. */
  sub: number | null;
}

function topLevelOf(task: Task, byId: Map<string, Task>): Task {
  let current = task;
  while (current.parentId !== null && byId.has(current.parentId)) current = byId.get(current.parentId)!;
  return current;
}

/** Each task's number (and subtask number), and each top-level task's subtasks in depth-first order. */
function placeTasks(tasks: readonly Task[]): { places: Map<string, Place>; subtasks: Map<string, Task[]> } {
  const byId = new Map(tasks.map((task) => [task.id, task]));
  const children = new Map<string, Task[]>();
  for (const task of tasks) {
    if (task.parentId !== null && byId.has(task.parentId)) {
      children.set(task.parentId, [...(children.get(task.parentId) ?? []), task]);
    }
  }
  const places = new Map<string, Place>();
  const subtasks = new Map<string, Task[]>();
  const tops = tasks.filter((task) => topLevelOf(task, byId) === task);
  const topNumbers = new Map(tops.map((top, index) => [top.id, index + 1]));
  tops.forEach((top, index) => {
    places.set(top.id, { top: index + 1, sub: null });
    const below: Task[] = [];
    const stack = [...(children.get(top.id) ?? [])].reverse();
    while (stack.length > 0) {
      const next = stack.pop()!;
      below.push(next);
      stack.push(...[...(children.get(next.id) ?? [])].reverse());
    }
    const first = namesTopLevelAsSibling(below, topNumbers) ? tops.length + 1 : 1;
    below.forEach((task, position) => places.set(task.id, { top: index + 1, sub: first + position }));
    subtasks.set(top.id, below);
  });
  return { places, subtasks };
}

/**
 * In a subtask a plain number names a sibling, and only without one a top-level task: when a
 * subtask depends on top-level task N and N is also a sibling's number (1…m), the reference would
 * come back as that sibling. Such subtasks are numbered past every top-level task instead.
 */
function namesTopLevelAsSibling(below: readonly Task[], topNumbers: ReadonlyMap<string, number>): boolean {
  return below.some((task) =>
    task.dependsOn.some((id) => {
      const number = topNumbers.get(id);
      return number !== undefined && number <= below.length;
    }),
  );
}

/** A dependency as Task Master writes it, seen from `from`. */
function dependencyRef(from: Place, to: Place): number | string {
  if (to.sub === null) return to.top;
  if (from.sub !== null && from.top === to.top) return to.sub;
  return `${to.top}.${to.sub}`;
}

function fieldsOf(task: Task, place: Place, places: Map<string, Place>) {
  const { description, details } = splitDescription(task.description);
  return {
    id: place.sub ?? place.top,
    title: task.title,
    description,
    details,
    testStrategy: testStrategyOfCriteria(task.acceptanceCriteria),
    status: MAESTRO_STATUS_TO_TASKMASTER[task.status],
    priority: task.priority,
    dependencies: task.dependsOn.flatMap((id) => {
      const to = places.get(id);
      return to ? [dependencyRef(place, to)] : [];
    }),
  };
}

export function exportTaskmaster(graph: ExportGraph, now = new Date()): ExportResult {
  const { places, subtasks } = placeTasks(graph.tasks);
  const tasks = [...subtasks.entries()].map(([topId, below]) => {
    const top = graph.tasks.find((task) => task.id === topId)!;
    return {
      ...fieldsOf(top, places.get(topId)!, places),
      subtasks: below.map((task) => fieldsOf(task, places.get(task.id)!, places)),
    };
  });
  const metadata = {
    created: now.toISOString(),
    updated: now.toISOString(),
    description: `Exported from Maestro project ${graph.project.key} (${graph.project.name})`,
  };
  return {
    format: "taskmaster",
    fileName: "tasks.json",
    content: `${JSON.stringify({ master: { tasks, metadata } }, null, 2)}\n`,
  };
}
