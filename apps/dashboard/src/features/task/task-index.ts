import { type Task, pendingDependencies, readySet } from "@maestro/domain";

/** A project's tasks, indexed the ways the views need them. */
export interface TaskIndex {
  tasks: readonly Task[];
  byId: ReadonlyMap<string, Task>;
  byKey: ReadonlyMap<string, Task>;
  /** Children in list order; the key `null` holds the top-level tasks. */
  children: ReadonlyMap<string | null, readonly Task[]>;
  readyIds: ReadonlySet<string>;
}

export function indexTasks(tasks: readonly Task[]): TaskIndex {
  const byId = new Map(tasks.map((task) => [task.id, task]));
  const children = new Map<string | null, Task[]>();
  for (const task of tasks) {
    // A parent missing from the list (should not happen) would hide the task: show it top-level.
    const parentId = task.parentId && byId.has(task.parentId) ? task.parentId : null;
    const siblings = children.get(parentId);
    if (siblings) siblings.push(task);
    else children.set(parentId, [task]);
  }
  return {
    tasks,
    byId,
    byKey: new Map(tasks.map((task) => [task.key, task])),
    children,
    // A dependency that is not loaded (a big project's later page) may be unfinished: not ready.
    readyIds: new Set(
      readySet(tasks)
        .filter((task) => task.dependsOn.every((id) => byId.has(id)))
        .map((task) => task.id),
    ),
  };
}

/** The number in a task key (WEB-12 → 12), for natural ordering. */
export function keyNumber(key: string): number {
  return Number(key.slice(key.lastIndexOf("-") + 1)) || 0;
}

export function byKeyNumber(a: Task, b: Task): number {
  return keyNumber(a.key) - keyNumber(b.key);
}

/** Unfinished dependencies of a task: what it waits for. */
export function blockersOf(task: Task, index: TaskIndex): Task[] {
  return pendingDependencies(task, index.tasks);
}

/** Every task below `taskId` (children, grandchildren, …). */
export function descendantIds(index: TaskIndex, taskId: string): Set<string> {
  const found = new Set<string>();
  const queue = [taskId];
  while (queue.length > 0) {
    for (const child of index.children.get(queue.pop()!) ?? []) {
      if (found.has(child.id)) continue;
      found.add(child.id);
      queue.push(child.id);
    }
  }
  return found;
}

export interface TreeRow {
  task: Task;
  depth: number;
  childCount: number;
}

/** Depth-first rows of the task tree, skipping the subtrees of collapsed tasks. */
export function flattenTree(index: TaskIndex, collapsed: ReadonlySet<string>): TreeRow[] {
  const rows: TreeRow[] = [];
  const stack: Array<{ task: Task; depth: number }> = [...(index.children.get(null) ?? [])]
    .reverse()
    .map((task) => ({ task, depth: 0 }));
  while (stack.length > 0) {
    const { task, depth } = stack.pop()!;
    const children = index.children.get(task.id) ?? [];
    rows.push({ task, depth, childCount: children.length });
    if (collapsed.has(task.id)) continue;
    for (let i = children.length - 1; i >= 0; i--) stack.push({ task: children[i]!, depth: depth + 1 });
  }
  return rows;
}
