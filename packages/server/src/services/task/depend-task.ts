import { addTaskDependency, removeTaskDependency } from "@maestro/db";
import type { DependTaskInput, Task } from "@maestro/domain";
import { type VerbArgs, inTransaction } from "../unit-of-work";
import { assertAcyclic, requireTask, resolveDependencies } from "./task-rules";
import { changeTask } from "./task-writes";

/** `id` starts depending on `on`. Idempotent; refuses a cycle or another project's task. */
export async function dependTask({ ctx, input }: VerbArgs<DependTaskInput>): Promise<Task> {
  return await inTransaction(ctx, async (tx, record) => {
    const task = await requireTask(tx, input.id);
    const [dependsOnId] = await resolveDependencies(tx, task.projectId, [input.on]);
    if (!dependsOnId || task.dependsOn.includes(dependsOnId)) return task;
    await assertAcyclic(tx, task, [...task.dependsOn, dependsOnId]);
    await addTaskDependency(tx, task, dependsOnId);
    // The dependency set is part of the task: its version moves so stale editors notice.
    return await changeTask(tx, record, task, {}, ["dependsOn"]);
  });
}

/** `id` stops depending on `on`. Idempotent. */
export async function undependTask({ ctx, input }: VerbArgs<DependTaskInput>): Promise<Task> {
  return await inTransaction(ctx, async (tx, record) => {
    const task = await requireTask(tx, input.id);
    const [dependsOnId] = await resolveDependencies(tx, task.projectId, [input.on]);
    if (!dependsOnId || !(await removeTaskDependency(tx, task.id, dependsOnId))) return task;
    return await changeTask(tx, record, task, {}, ["dependsOn"]);
  });
}
