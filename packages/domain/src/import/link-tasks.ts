import { DomainError } from "../errors";
import { findCycle } from "../graph";
import type { ImportWarning, ImportedTask } from "./bundle";

/** A task as a parser read it, with `item` (its file) to name in messages. */
export interface ReadTask {
  item: string;
  task: ImportedTask;
}

export function importError(item: string, message: string): DomainError {
  return new DomainError("INVALID_INPUT", `${item}: ${message}`);
}

/** `task-2` before `task-10`, `task-7` before `task-7.1`: the order people numbered them in. */
export function compareSourceIds(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}

/**
 * Checks the references between read tasks and returns the bundle's tasks: a duplicated id or a
 * cycle fails the import naming the files; a parent or dependency outside the bundle is dropped
 * with a warning (`skipped` names ids the parser left out on purpose, with the reason). Lengths
 * are fitBundle's job, after every parser.
 */
export function linkTasks(read: ReadTask[], skipped: ReadonlyMap<string, string>, warnings: ImportWarning[]) {
  const byId = indexTasks(read);
  const reasonOf = (id: string) => skipped.get(id) ?? "not among the imported tasks";
  for (const { item, task } of read) {
    const parent = task.parentSourceId;
    if (parent !== null && (parent === task.sourceId || !byId.has(parent))) {
      const why = parent === task.sourceId ? "is itself" : `${parent} (${reasonOf(parent)})`;
      warnings.push({ item, message: `parent ${why}: imported as a top-level task` });
      task.parentSourceId = null;
    }
    task.dependsOn = keptDependencies({ item, task }, byId, reasonOf, warnings);
  }
  assertAcyclic(read, byId);
  return read.map(({ task }) => task).sort((a, b) => compareSourceIds(a.sourceId, b.sourceId));
}

function indexTasks(read: ReadTask[]): Map<string, ReadTask> {
  const byId = new Map<string, ReadTask>();
  for (const entry of read) {
    const other = byId.get(entry.task.sourceId);
    if (other) throw importError(entry.item, `id ${entry.task.sourceId} is also the id of ${other.item}`);
    byId.set(entry.task.sourceId, entry);
  }
  return byId;
}

function keptDependencies(
  { item, task }: ReadTask,
  byId: ReadonlyMap<string, ReadTask>,
  reasonOf: (id: string) => string,
  warnings: ImportWarning[],
): string[] {
  const kept = new Set<string>();
  for (const dep of task.dependsOn) {
    if (dep === task.sourceId) {
      warnings.push({ item, message: "depends on itself: that dependency is left out" });
    } else if (!byId.has(dep)) {
      warnings.push({ item, message: `depends on ${dep} (${reasonOf(dep)}): that dependency is left out` });
    } else {
      kept.add(dep);
    }
  }
  return [...kept];
}

/** A dependency cycle or a parent cycle cannot be created: fail naming the files along it. */
function assertAcyclic(read: ReadTask[], byId: ReadonlyMap<string, ReadTask>): void {
  const named = (cycle: string[], what: string) => {
    const files = [...new Set(cycle.map((id) => byId.get(id)?.item ?? id))];
    return importError(files.join(", "), `${what} form a cycle: ${cycle.join(" → ")}`);
  };
  const dependencyCycle = findCycle(read.map(({ task }) => ({ id: task.sourceId, dependsOn: task.dependsOn })));
  if (dependencyCycle) throw named(dependencyCycle, "dependencies");
  const parents = read.map(({ task }) => ({
    id: task.sourceId,
    dependsOn: task.parentSourceId ? [task.parentSourceId] : [],
  }));
  const parentCycle = findCycle(parents);
  if (parentCycle) throw named(parentCycle, "parents");
}
