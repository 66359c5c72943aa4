import { type Db, findTaskByRef, listAncestorIds, loadTaskGraph, lockProject, lockTaskRows } from "@maestro/db";
import { DomainError, type Task, assertNoCycle, cycleIfDepends, notFound } from "@maestro/domain";

export async function requireTask(db: Db, ref: string): Promise<Task> {
  const task = await findTaskByRef(db, ref);
  if (!task) throw notFound("task", ref);
  return task;
}

/**
 * The task, read to be changed under a version check: on PostgreSQL its row is locked first, so
 * two writers holding the same version cannot both pass the check (the second waits, then sees
 * the first's version). SQLite has one writer: the plain read is enough.
 */
export async function requireTaskForUpdate(db: Db, ref: string): Promise<Task> {
  const found = await requireTask(db, ref);
  if (db.engine !== "postgres") return found;
  await lockTaskRows(db, [found.id]);
  return await requireTask(db, found.id);
}

/** Optimistic concurrency: a caller that read version N may write only while it is still N. */
export function assertVersion(task: Task, expected: number | undefined): void {
  if (expected === undefined || expected === task.version) return;
  throw new DomainError(
    "VERSION_CONFLICT",
    `${task.key} was changed by someone else (you have version ${expected}, it is now at ${task.version}); reload and try again`,
    { field: "version", currentVersion: task.version },
  );
}

function crossProject(what: string, other: Task, field: string): DomainError {
  return new DomainError(
    "CROSS_PROJECT",
    `${what} ${other.key} belongs to another project; tasks can only relate to tasks of their own project`,
    { field },
  );
}

/** Resolves a parent reference for a task of `projectId`; `task` is the task being moved, if any. */
export async function resolveParent(
  db: Db,
  projectId: string,
  parentRef: string | null,
  task?: Task,
): Promise<string | null> {
  if (parentRef === null) return null;
  const parent = await requireTask(db, parentRef);
  if (parent.projectId !== projectId) throw crossProject("parent", parent, "parentId");
  if (task && (parent.id === task.id || (await listAncestorIds(db, parent.id)).includes(task.id))) {
    throw new DomainError(
      "INVALID_INPUT",
      `${task.key} cannot be placed under ${parent.key}: ${parent.key} is inside ${task.key}`,
      {
        field: "parentId",
      },
    );
  }
  return parent.id;
}

/** Resolves dependency references (ids or keys) to ids, all in `projectId`. */
export async function resolveDependencies(db: Db, projectId: string, refs: readonly string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const ref of refs) {
    const dependency = await requireTask(db, ref);
    if (dependency.projectId !== projectId) throw crossProject("dependency", dependency, "dependsOn");
    ids.push(dependency.id);
  }
  return [...new Set(ids)];
}

/** Refuses, naming the cycle, if `task` depending on `dependsOnIds` would close one. */
export async function assertAcyclic(db: Db, task: Task, dependsOnIds: readonly string[]): Promise<void> {
  // Two new edges may each be fine alone and close a cycle together: their writers take turns.
  await lockProject(db, task.projectId);
  const graph = await loadTaskGraph(db, task.projectId);
  const nodes = graph.nodes.map((node) => (node.id === task.id ? { id: node.id, dependsOn: [...dependsOnIds] } : node));
  for (const dependsOnId of dependsOnIds) {
    assertNoCycle(cycleIfDepends(nodes, task.id, dependsOnId), (id) => graph.keys.get(id) ?? id);
  }
}
