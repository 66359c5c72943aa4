import { pageTasks } from "@maestro/db";
import {
  type ListTasksInput,
  type Page,
  type Task,
  type TaskRefInput,
  decodeRankCursor,
  encodeRankCursor,
  taskPosition,
} from "@maestro/domain";
import type { z } from "zod";
import { requireProject } from "../project/resolve-project";
import { withinPageBytes } from "../page-bytes";
import { assertMayReadProject } from "../session/session-access";
import type { VerbArgs } from "../unit-of-work";
import { requireTask } from "./task-rules";

/**
 * One page of a project's tasks in the board's order: rank, then number (the cursor is the last
 * task's `rank:number`). A page of a search looks at a bounded number of tasks, so it may hold
 * fewer than `limit` (even none) while `nextCursor` says more follow: follow it until null.
 */
export async function listTasks({ ctx, input }: VerbArgs<z.output<typeof ListTasksInput>>): Promise<Page<Task>> {
  const db = ctx.database.db;
  const project = await requireProject(db, input.projectId);
  assertMayReadProject(ctx, project.id);
  const parentId = input.parentId ? (await requireTask(db, input.parentId)).id : input.parentId;
  const { tasks, scannedTo } = await pageTasks(db, {
    projectId: project.id,
    statuses: input.status,
    parentId,
    isReady: input.ready,
    search: input.q,
    after: decodeRankCursor(input.cursor),
    fetch: input.limit + 1,
  });
  const items = tasks.slice(0, input.limit);
  const last = items.at(-1);
  const cursorOf = (task: Task) => encodeRankCursor(taskPosition(task));
  // A task at its largest (description, 100 acceptance criteria) is ~220 KB: a page ends at its bytes too.
  if (tasks.length > input.limit && last) return withinPageBytes({ items, nextCursor: cursorOf(last) }, cursorOf);
  return withinPageBytes({ items, nextCursor: scannedTo ? encodeRankCursor(scannedTo) : null }, cursorOf);
}

export async function getTask({ ctx, input }: VerbArgs<TaskRefInput>): Promise<Task> {
  const task = await requireTask(ctx.database.db, input.id);
  assertMayReadProject(ctx, task.projectId);
  return task;
}
