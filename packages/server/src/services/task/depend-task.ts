import { addTaskDependency, findTaskById, removeTaskDependency, updateTask } from "@maestro/db";
import type { DependTaskInput, Task } from "@maestro/domain";
import { type VerbArgs, inTransaction } from "../unit-of-work";
import { assertAcyclic, requireTask, resolveDependencies } from "./task-rules";

/** `id` starts depending on `on`. Idempotent; refuses a cycle or another project's task. */
export function dependTask({ ctx, input }: VerbArgs<DependTaskInput>): Task {
  return inTransaction(ctx, (tx, record) => {
    const task = requireTask(tx, input.id);
    const [dependsOnId] = resolveDependencies(tx, task.projectId, [input.on]);
    if (!dependsOnId || task.dependsOn.includes(dependsOnId)) return task;
    assertAcyclic(tx, task, [...task.dependsOn, dependsOnId]);
    addTaskDependency(tx, task, dependsOnId);
    // The dependency set is part of the task: bump its version so stale editors notice.
    updateTask(tx, task.id, {});
    const updated = findTaskById(tx, task.id)!;
    record({
      kind: "task.updated",
      entity: "task",
      entityId: task.id,
      projectId: task.projectId,
      payload: { task: updated, changed: ["dependsOn"] },
    });
    return updated;
  });
}

/** `id` stops depending on `on`. Idempotent. */
export function undependTask({ ctx, input }: VerbArgs<DependTaskInput>): Task {
  return inTransaction(ctx, (tx, record) => {
    const task = requireTask(tx, input.id);
    const [dependsOnId] = resolveDependencies(tx, task.projectId, [input.on]);
    if (!dependsOnId || !removeTaskDependency(tx, task.id, dependsOnId)) return task;
    const updated = updateTask(tx, task.id, {});
    record({
      kind: "task.updated",
      entity: "task",
      entityId: task.id,
      projectId: task.projectId,
      payload: { task: updated, changed: ["dependsOn"] },
    });
    return updated;
  });
}
