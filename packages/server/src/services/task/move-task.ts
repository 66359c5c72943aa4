import { nextTaskRank, rankBefore } from "@maestro/db";
import { DomainError, type MoveTaskInput, type Task } from "@maestro/domain";
import type { z } from "zod";
import { type VerbArgs, inTransaction } from "../unit-of-work";
import { assertVersion, requireTask, requireTaskForUpdate, resolveParent } from "./task-rules";
import { changeTask } from "./task-writes";

/** Reparents a task and/or places it before a sibling (or last). */
export async function moveTask({ ctx, input }: VerbArgs<z.output<typeof MoveTaskInput>>): Promise<Task> {
  return await inTransaction(ctx, async (tx, record) => {
    const task = await requireTaskForUpdate(tx, input.id);
    assertVersion(task, input.version);
    const parentId =
      input.parentId === undefined ? task.parentId : await resolveParent(tx, task.projectId, input.parentId, task);
    let rank = task.rank;
    if (input.beforeId) {
      const before = await requireTask(tx, input.beforeId);
      if (before.projectId !== task.projectId || before.id === task.id) {
        throw new DomainError("INVALID_INPUT", `${task.key} cannot be placed before ${before.key}`, {
          field: "beforeId",
        });
      }
      rank = await rankBefore(tx, task.projectId, before.rank);
    } else if (input.beforeId === null) {
      rank = await nextTaskRank(tx, task.projectId);
    }
    const changed = [...(parentId !== task.parentId ? ["parentId"] : []), ...(rank !== task.rank ? ["rank"] : [])];
    if (changed.length === 0) return task;
    return changeTask(tx, record, task, { parentId, rank }, changed);
  });
}
