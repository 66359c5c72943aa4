import { type TaskStatus, topologicalOrder } from "@maestro/domain";

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
  const byId = new Map(open.map((task) => [task.id, task]));
  const position = new Map(open.map((task, i) => [task.id, i]));
  const length = new Map<string, number>();
  const previous = new Map<string, string>();
  // In dependency order, each task's longest chain extends the longest of its dependencies'.
  for (const id of topologicalOrder(open)) {
    let best: string | undefined;
    for (const dep of byId.get(id)!.dependsOn) {
      const candidate = length.get(dep);
      if (candidate === undefined) continue;
      const bestLength = best === undefined ? 0 : length.get(best)!;
      if (candidate > bestLength || (candidate === bestLength && position.get(dep)! < position.get(best!)!)) best = dep;
    }
    length.set(id, best === undefined ? 1 : length.get(best)! + 1);
    if (best !== undefined) previous.set(id, best);
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
