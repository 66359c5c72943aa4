import type { TaskStatus } from "@maestro/domain";

export interface CriticalPathNode {
  id: string;
  status: TaskStatus;
  dependsOn: readonly string[];
}

export interface CriticalPath {
  /** Task ids from the first to do to the last, each depending on the one before. */
  ids: string[];
  /** `fromId→toId` for every edge along the path, for highlighting. */
  edges: ReadonlySet<string>;
}

export function edgeId(fromId: string, toId: string): string {
  return `${fromId}→${toId}`;
}

/**
 * The longest chain of not-done tasks through their dependencies (by number of tasks): the
 * least work standing between now and the last task. Ties go to the task earlier in the list,
 * so the path is stable between renders. Nodes on a cycle (the server refuses them) are skipped.
 */
export function criticalPath(tasks: readonly CriticalPathNode[]): CriticalPath {
  const open = tasks.filter((task) => task.status !== "done");
  const position = new Map(open.map((task, i) => [task.id, i]));
  const dependents = new Map<string, string[]>();
  const pending = new Map<string, number>();
  for (const task of open) {
    const deps = task.dependsOn.filter((id) => position.has(id));
    pending.set(task.id, deps.length);
    for (const id of deps) {
      const list = dependents.get(id);
      if (list) list.push(task.id);
      else dependents.set(id, [task.id]);
    }
  }

  // Kahn's order, so a 10,000-long chain cannot overflow the stack.
  const length = new Map<string, number>();
  const previous = new Map<string, string>();
  const queue = open.filter((task) => pending.get(task.id) === 0).map((task) => task.id);
  for (const id of queue) length.set(id, 1);
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head]!;
    for (const next of dependents.get(id) ?? []) {
      const candidate = length.get(id)! + 1;
      const best = length.get(next) ?? 0;
      const isEarlierTie = candidate === best && position.get(id)! < position.get(previous.get(next)!)!;
      if (candidate > best || isEarlierTie) {
        length.set(next, candidate);
        previous.set(next, id);
      }
      const left = pending.get(next)! - 1;
      pending.set(next, left);
      if (left === 0) queue.push(next);
    }
  }

  let end: string | null = null;
  for (const task of open) {
    const value = length.get(task.id);
    if (value !== undefined && (end === null || value > length.get(end)!)) end = task.id;
  }
  const ids: string[] = [];
  for (let id = end; id !== null; id = previous.get(id) ?? null) ids.push(id);
  ids.reverse();
  const edges = new Set(ids.slice(1).map((id, i) => edgeId(ids[i]!, id)));
  return { ids, edges };
}
