import {
  type Db,
  findAutopilot,
  findSpecIdsOfSource,
  findTaskIdsOfSource,
  listTasks,
  peekTaskNumber,
} from "@maestro/db";
import { type ImportBundle, type ImportPlan, type Project, checkBundle } from "@maestro/domain";
import { type ImportWork, newSpecId } from "./import-work";
import { planSpecs, planSteering } from "./plan-specs";
import { assertGraphSound, planTasks, taskIdsOf } from "./plan-tasks";

/** Held = what autopilot could start on its own: imported tasks that are not already over. */
export function isHoldable(status: string): boolean {
  return status !== "done" && status !== "cancelled";
}

type Action = "create" | "update" | "unchanged";

function actionOf(exists: boolean, changes: boolean): Action {
  return !exists ? "create" : changes ? "update" : "unchanged";
}

function specLine(spec: ImportWork["specs"][number]): ImportPlan["specs"][number] {
  return {
    sourceId: spec.item.sourceId,
    name: spec.item.name,
    action: actionOf(spec.existing !== null, Object.keys(spec.documents).length > 0),
    slug: spec.slug,
    documents: Object.keys(spec.documents) as ImportPlan["specs"][number]["documents"],
  };
}

function summarize(work: Omit<ImportWork, "plan">, held: boolean): ImportPlan {
  const tasks = work.tasks.map((task) => ({
    sourceId: task.item.sourceId,
    title: task.item.title,
    action: actionOf(task.existing !== null, task.changes.length > 0),
    key: task.key,
    status: task.status,
    changes: task.changes,
  }));
  const specs = work.specs.map(specLine);
  const steering = work.steering.map(({ file, action }) => ({ name: file, action }));
  const actions = [...tasks, ...specs, ...steering].map((entry) => entry.action);
  const count = (action: Action) => actions.filter((entry) => entry === action).length;
  return {
    format: work.bundle.format,
    source: work.bundle.source,
    projectKey: work.project.key,
    tasks,
    specs,
    steering,
    warnings: work.bundle.warnings,
    counts: { create: count("create"), update: count("update"), unchanged: count("unchanged") },
    held,
  };
}

/**
 * What importing `bundle` into `project` does, item by item: created (with the key it will get),
 * updated (the fields that change) or unchanged. Refuses the whole import, naming the item, when
 * one item cannot be taken (unknown references, a dependency cycle, a parent loop).
 */
export async function planImport(db: Db, project: Project, fitted: ImportBundle): Promise<ImportWork> {
  const bundle = { ...fitted, warnings: [...fitted.warnings] };
  const existingTasks = await findTaskIdsOfSource(db, project.id, bundle.source);
  const existingSpecs = await findSpecIdsOfSource(db, project.id, bundle.source);
  checkBundle(bundle, { tasks: new Set(existingTasks.keys()), specs: new Set(existingSpecs.keys()) });
  const specIds = new Map(existingSpecs);
  for (const spec of bundle.specs) {
    if (!specIds.has(spec.sourceId)) specIds.set(spec.sourceId, newSpecId(spec.sourceId));
  }
  const taskIds = taskIdsOf(bundle, existingTasks);
  const input = {
    project,
    bundle,
    projectTasks: new Map((await listTasks(db, { projectId: project.id })).map((task) => [task.id, task])),
    taskIds,
    specIds,
    nextNumber: await peekTaskNumber(db, project.id),
    warnings: bundle.warnings,
  };
  assertGraphSound(input);
  const tasks = planTasks(input);
  const specs = await planSpecs(db, project, bundle, existingSpecs, bundle.warnings);
  const steering = planSteering(project, bundle);
  const isAutopilotOn = (await findAutopilot(db, project.id)).state !== "off";
  const held = isAutopilotOn && tasks.some((task) => task.existing === null && isHoldable(task.status));
  const work = { project, bundle, tasks, specs, steering, taskIds };
  return { ...work, plan: summarize(work, held) };
}
