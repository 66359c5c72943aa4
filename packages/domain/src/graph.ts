import { DomainError } from "./errors";
import type { TaskStatus } from "./task";

/** A node of the dependency graph: `dependsOn` lists the ids this node waits for. */
export interface GraphNode {
  id: string;
  dependsOn: readonly string[];
}

export interface StatusNode extends GraphNode {
  status: TaskStatus;
}

function indexNodes<T extends GraphNode>(nodes: readonly T[]): Map<string, T> {
  return new Map(nodes.map((node) => [node.id, node]));
}

/**
 * Finds one cycle, as the ids along it with the first repeated last (`[a, b, a]`), or null.
 * Iterative DFS so a 10,000-deep chain cannot overflow the stack.
 */
export function findCycle(nodes: readonly GraphNode[]): string[] | null {
  const byId = indexNodes(nodes);
  const state = new Map<string, "visiting" | "done">();
  for (const root of nodes) {
    if (state.has(root.id)) continue;
    const path: string[] = [];
    const stack: Array<{ id: string; next: number }> = [{ id: root.id, next: 0 }];
    state.set(root.id, "visiting");
    path.push(root.id);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const deps = byId.get(frame.id)?.dependsOn ?? [];
      if (frame.next >= deps.length) {
        state.set(frame.id, "done");
        stack.pop();
        path.pop();
        continue;
      }
      const dep = deps[frame.next++]!;
      if (!byId.has(dep)) continue;
      const depState = state.get(dep);
      if (depState === "visiting") return [...path.slice(path.indexOf(dep)), dep];
      if (depState === "done") continue;
      state.set(dep, "visiting");
      path.push(dep);
      stack.push({ id: dep, next: 0 });
    }
  }
  return null;
}

/**
 * If `taskId` started depending on `dependsOnId`, would that close a cycle? Returns the cycle
 * (`[taskId, dependsOnId, …, taskId]`) or null. Only the new edge can close one, so a search
 * from `dependsOnId` back to `taskId` suffices.
 */
export function cycleIfDepends(nodes: readonly GraphNode[], taskId: string, dependsOnId: string): string[] | null {
  if (taskId === dependsOnId) return [taskId, taskId];
  const byId = indexNodes(nodes);
  const cameFrom = new Map<string, string>([[dependsOnId, taskId]]);
  const queue = [dependsOnId];
  for (let head = 0; head < queue.length; head++) {
    const current = queue[head]!;
    for (const dep of byId.get(current)?.dependsOn ?? []) {
      if (cameFrom.has(dep)) continue;
      cameFrom.set(dep, current);
      if (dep === taskId) return unwindPath(cameFrom, taskId);
      queue.push(dep);
    }
  }
  return null;
}

function unwindPath(cameFrom: Map<string, string>, taskId: string): string[] {
  const reversed = [taskId];
  let current = cameFrom.get(taskId)!;
  while (current !== taskId) {
    reversed.push(current);
    current = cameFrom.get(current)!;
  }
  reversed.push(taskId);
  return reversed.reverse();
}

/** Throws DEPENDENCY_CYCLE naming the cycle by key (`WEB-3 → WEB-5 → WEB-3`). */
export function assertNoCycle(cycle: string[] | null, keyOf: (id: string) => string): void {
  if (!cycle) return;
  const keys = cycle.map(keyOf);
  throw new DomainError("DEPENDENCY_CYCLE", `dependency cycle: ${keys.join(" → ")}`, {
    field: "dependsOn",
    cycle: keys,
  });
}

/** Ready = `todo` and every dependency that still exists is `done`. */
export function readySet<T extends StatusNode>(nodes: readonly T[]): T[] {
  const statusById = new Map(nodes.map((node) => [node.id, node.status]));
  return nodes.filter(
    (node) =>
      node.status === "todo" &&
      node.dependsOn.every((dep) => {
        const status = statusById.get(dep);
        return status === undefined || status === "done";
      }),
  );
}

/** The dependencies of a node that are not done yet (what it is waiting for). */
export function pendingDependencies<T extends StatusNode>(node: T, nodes: readonly T[]): T[] {
  const byId = indexNodes(nodes);
  return node.dependsOn.flatMap((dep) => {
    const other = byId.get(dep);
    return other && other.status !== "done" ? [other] : [];
  });
}

/**
 * Kahn's algorithm by layers: layer 0 has no dependencies, layer n depends only on earlier
 * layers. Dependencies outside `nodes` are ignored; nodes on a cycle, and those that wait for
 * one, are in no layer.
 */
function kahnLayers(nodes: readonly GraphNode[]): string[][] {
  const byId = indexNodes(nodes);
  const indegree = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const node of nodes) {
    const deps = node.dependsOn.filter((dep) => byId.has(dep));
    indegree.set(node.id, deps.length);
    for (const dep of deps) {
      const list = dependents.get(dep);
      if (list) list.push(node.id);
      else dependents.set(dep, [node.id]);
    }
  }
  const layers: string[][] = [];
  let current = nodes.filter((node) => indegree.get(node.id) === 0).map((node) => node.id);
  while (current.length > 0) {
    layers.push(current);
    const next: string[] = [];
    for (const id of current) {
      for (const dependent of dependents.get(id) ?? []) {
        const remaining = indegree.get(dependent)! - 1;
        indegree.set(dependent, remaining);
        if (remaining === 0) next.push(dependent);
      }
    }
    current = next;
  }
  return layers;
}

/** The nodes by dependency layers (see kahnLayers). Throws DEPENDENCY_CYCLE on a cycle. */
export function topologicalLayers(nodes: readonly GraphNode[]): string[][] {
  const layers = kahnLayers(nodes);
  const placed = layers.reduce((count, layer) => count + layer.length, 0);
  if (placed < nodes.length) assertNoCycle(findCycle(nodes), (id) => id);
  return layers;
}

/**
 * Every node after all of its dependencies, for a view that must draw whatever it is given:
 * nodes on a cycle, and those that wait for one, are left out instead of thrown on.
 */
export function topologicalOrder(nodes: readonly GraphNode[]): string[] {
  return kahnLayers(nodes).flat();
}
