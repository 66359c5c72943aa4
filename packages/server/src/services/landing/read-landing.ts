import { listTaskChecks, listTaskReviews, listTasks } from "@maestro/db";
import {
  type ProjectRefInput,
  type TaskCheck,
  type TaskOverlaps,
  type TaskRefInput,
  type TaskReview,
  findOverlaps,
} from "@maestro/domain";
import { requireProject } from "../project/resolve-project";
import { assertMayReadProject } from "../session/session-access";
import { requireTask } from "../task/task-rules";
import type { VerbArgs } from "../unit-of-work";

/** The task's review history, oldest first. */
export function listReviews({ ctx, input }: VerbArgs<TaskRefInput>): TaskReview[] {
  const task = requireTask(ctx.database.db, input.id);
  assertMayReadProject(ctx, task.projectId);
  return listTaskReviews(ctx.database.db, task.id);
}

/** Every run of the project's checks on the task, oldest first. */
export function listChecks({ ctx, input }: VerbArgs<TaskRefInput>): TaskCheck[] {
  const task = requireTask(ctx.database.db, input.id);
  assertMayReadProject(ctx, task.projectId);
  return listTaskChecks(ctx.database.db, task.id);
}

/** The project's in-flight tasks whose branches change the same files, file by file. */
export function listOverlaps({ ctx, input }: VerbArgs<ProjectRefInput>): TaskOverlaps[] {
  const project = requireProject(ctx.database.db, input.id);
  assertMayReadProject(ctx, project.id);
  const statuses = ["todo", "in_progress", "in_review", "blocked"] as const;
  return findOverlaps(listTasks(ctx.database.db, { projectId: project.id, statuses }));
}
