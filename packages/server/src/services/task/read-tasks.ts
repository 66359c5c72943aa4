import { listTasks as readTasks } from "@maestro/db";
import { type ListTasksInput, type Task, type TaskRefInput, readySet } from "@maestro/domain";
import type { z } from "zod";
import { requireProject } from "../project/resolve-project";
import { assertMayReadProject } from "../session/session-access";
import type { VerbArgs } from "../unit-of-work";
import { requireTask } from "./task-rules";

export function listTasks({ ctx, input }: VerbArgs<z.output<typeof ListTasksInput>>): Task[] {
  const db = ctx.database.db;
  const project = requireProject(db, input.projectId);
  assertMayReadProject(ctx, project.id);
  const parentId = input.parentId ? requireTask(db, input.parentId).id : input.parentId;
  if (!input.ready) return readTasks(db, { projectId: project.id, statuses: input.status, parentId });
  // Readiness depends on the statuses of dependencies, so it is computed over the whole project.
  const ready = readySet(readTasks(db, { projectId: project.id }));
  return ready.filter(
    (task) =>
      (parentId === undefined || task.parentId === parentId) && (!input.status || input.status.includes(task.status)),
  );
}

export function getTask({ ctx, input }: VerbArgs<TaskRefInput>): Task {
  const task = requireTask(ctx.database.db, input.id);
  assertMayReadProject(ctx, task.projectId);
  return task;
}
