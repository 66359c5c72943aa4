import { DomainError } from "../errors";
import { STEERING_NAME_PATTERN } from "../spec";
import { TASK_PRIORITIES, TASK_STATUSES } from "../task";
import { type ImportBundle, type ImportedTask, MAX_IMPORT_ITEMS } from "./bundle";

/** Item ids that exist outside the bundle: what earlier imports of the same source created. */
export interface KnownItems {
  tasks: ReadonlySet<string>;
  specs: ReadonlySet<string>;
}

/** A task's dependencies, as task.ts allows them (`DependsOn`). */
const MAX_DEPENDENCIES = 200;

const NO_KNOWN: KnownItems = { tasks: new Set(), specs: new Set() };

function invalid(item: string, message: string): DomainError {
  return new DomainError("INVALID_INPUT", `${item}: ${message}`, { field: "files" });
}

function assertUnique(ids: readonly string[], what: string): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw invalid(`${what} ${id}`, "appears twice in the import");
    seen.add(id);
  }
}

function checkTaskFields(task: ImportedTask): void {
  const item = `task ${task.sourceId}`;
  if (task.sourceId.trim() === "" || task.sourceId.length > 200) throw invalid(item, "needs an id of 1-200 characters");
  if (task.title.trim() === "") throw invalid(item, "has no title");
  if (!TASK_STATUSES.includes(task.status)) {
    throw invalid(item, `status ${JSON.stringify(task.status)} is not a Maestro status`);
  }
  if (!TASK_PRIORITIES.includes(task.priority)) {
    throw invalid(item, `priority ${JSON.stringify(task.priority)} is not a Maestro priority`);
  }
}

function checkTaskRefs(task: ImportedTask, tasks: ReadonlySet<string>, specs: ReadonlySet<string>): void {
  const item = `task ${task.sourceId}`;
  if (task.parentSourceId !== null) {
    if (task.parentSourceId === task.sourceId) throw invalid(item, "is its own parent");
    if (!tasks.has(task.parentSourceId)) throw invalid(item, `its parent ${task.parentSourceId} is not in the import`);
  }
  if (task.dependsOn.length > MAX_DEPENDENCIES) {
    throw invalid(item, `depends on ${task.dependsOn.length} tasks, Maestro allows ${MAX_DEPENDENCIES}`);
  }
  for (const dep of task.dependsOn) {
    if (dep === task.sourceId) throw invalid(item, "depends on itself");
    if (!tasks.has(dep)) throw invalid(item, `depends on ${dep}, which is not in the import`);
  }
  if (task.specSourceId !== null && !specs.has(task.specSourceId)) {
    throw invalid(item, `its spec ${task.specSourceId} is not in the import`);
  }
}

/** Refuses a parent chain that comes back to where it started (`3 → 5 → 3`); each task is walked once. */
function assertNoParentLoop(tasks: readonly ImportedTask[]): void {
  const parentOf = new Map(tasks.map((task) => [task.sourceId, task.parentSourceId]));
  const sound = new Set<string>();
  for (const task of tasks) {
    const path = new Set<string>();
    for (let at: string | null | undefined = task.sourceId; at != null && !sound.has(at); at = parentOf.get(at)) {
      if (path.has(at)) {
        const loop = [...path].slice([...path].indexOf(at));
        throw invalid(`task ${task.sourceId}`, `its parents loop: ${[...loop, at].join(" → ")}`);
      }
      path.add(at);
    }
    for (const id of path) sound.add(id);
  }
}

/**
 * Refuses a bundle Maestro cannot take as a whole, naming the first bad item: duplicate ids,
 * a parent, dependency or spec that is neither in the bundle nor `known`, an empty title, a
 * parent loop, too many items. (Dependency cycles are checked against the project's graph.)
 */
export function checkBundle(bundle: ImportBundle, known: KnownItems = NO_KNOWN): void {
  const count = bundle.tasks.length + bundle.specs.length + bundle.steering.length;
  if (count > MAX_IMPORT_ITEMS) {
    throw invalid("the import", `has ${count} items, at most ${MAX_IMPORT_ITEMS} are taken`);
  }
  assertUnique(
    bundle.tasks.map((task) => task.sourceId),
    "task",
  );
  assertUnique(
    bundle.specs.map((spec) => spec.sourceId),
    "spec",
  );
  assertUnique(
    bundle.steering.map((doc) => doc.name),
    "steering document",
  );
  const tasks = new Set([...known.tasks, ...bundle.tasks.map((task) => task.sourceId)]);
  const specs = new Set([...known.specs, ...bundle.specs.map((spec) => spec.sourceId)]);
  for (const task of bundle.tasks) {
    checkTaskFields(task);
    checkTaskRefs(task, tasks, specs);
  }
  assertNoParentLoop(bundle.tasks);
  for (const spec of bundle.specs) {
    if (spec.name.trim() === "") throw invalid(`spec ${spec.sourceId}`, "has no name");
  }
  for (const doc of bundle.steering) {
    if (!STEERING_NAME_PATTERN.test(`${doc.name}.md`)) {
      throw invalid(`steering ${doc.name}`, "needs a name of letters, digits, dots, dashes or underscores");
    }
  }
}
