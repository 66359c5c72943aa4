import {
  type Db,
  type TaskPatch,
  findTaskById,
  setTaskDependencies,
  setTaskSourceRef,
  sourceRefOf,
  updateTask,
} from "@maestro/db";
import { IMPORT_HOLDER, type ImportedTask, type Task, statusTimestamps } from "@maestro/domain";
import type { RecordEvent } from "../unit-of-work";
import { changeTask, insertProjectTask, recordTaskCreated } from "../task/task-writes";
import type { ImportWork, PlannedTask } from "./import-work";
import { isHoldable } from "./plan-import";
import { type Resolved, resolveItem } from "./plan-tasks";

interface Ids {
  tasks: Map<string, string>;
  specs: Map<string, string>;
}

async function createTask(tx: Db, work: ImportWork, planned: PlannedTask, ids: Ids): Promise<Task> {
  const { item } = planned;
  const resolved = resolveItem(item, ids.tasks, ids.specs);
  const created = await insertProjectTask(tx, work.project, {
    title: item.title,
    description: item.description,
    acceptanceCriteria: item.acceptanceCriteria,
    status: planned.status,
    priority: item.priority,
    parentId: resolved.parentId,
    specId: resolved.specId,
    requirementIds: item.requirementIds,
  });
  await setTaskSourceRef(tx, created.id, sourceRefOf(work.bundle.source, item.sourceId));
  ids.tasks.set(item.sourceId, created.id);
  if (!work.plan.held || !isHoldable(planned.status)) return created;
  return await updateTask(tx, created.id, { heldAt: new Date().toISOString(), heldBy: IMPORT_HOLDER });
}

function patchOf(planned: PlannedTask, existing: Task, resolved: Resolved): TaskPatch {
  const { item, changes } = planned;
  const patch: TaskPatch = {};
  if (changes.includes("title")) patch.title = item.title;
  if (changes.includes("description")) patch.description = item.description;
  if (changes.includes("acceptanceCriteria")) patch.acceptanceCriteria = item.acceptanceCriteria;
  if (changes.includes("priority")) patch.priority = item.priority;
  if (changes.includes("parentId")) patch.parentId = resolved.parentId;
  if (changes.includes("specId")) patch.specId = resolved.specId;
  if (changes.includes("requirementIds")) patch.requirementIds = item.requirementIds;
  if (changes.includes("status")) {
    Object.assign(
      patch,
      { status: planned.status },
      statusTimestamps(existing.status, planned.status, existing, new Date().toISOString()),
    );
  }
  return patch;
}

/**
 * Creates the new tasks (parents first, so every parent exists), then sets their dependencies
 * and records them, then updates the tasks an earlier import made; all in the caller's transaction.
 */
export async function writeTasks(
  tx: Db,
  record: RecordEvent,
  work: ImportWork,
  specIds: Map<string, string>,
): Promise<Map<string, string>> {
  const ids: Ids = { tasks: new Map(work.taskIds), specs: specIds };
  const created: { item: ImportedTask; task: Task }[] = [];
  for (const planned of work.tasks) {
    if (planned.existing === null) created.push({ item: planned.item, task: await createTask(tx, work, planned, ids) });
  }
  for (const { item, task } of created) {
    await setTaskDependencies(tx, task, resolveItem(item, ids.tasks, ids.specs).dependsOn);
    recordTaskCreated(record, (await findTaskById(tx, task.id))!);
  }
  for (const planned of work.tasks) {
    if (planned.existing === null || planned.changes.length === 0) continue;
    const resolved = resolveItem(planned.item, ids.tasks, ids.specs);
    if (planned.changes.includes("dependsOn")) await setTaskDependencies(tx, planned.existing, resolved.dependsOn);
    await changeTask(tx, record, planned.existing, patchOf(planned, planned.existing, resolved), planned.changes);
  }
  return ids.tasks;
}
