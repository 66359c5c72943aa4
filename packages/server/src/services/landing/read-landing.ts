import { listTaskChecks, listTaskReviews } from "@maestro/db";
import type { TaskCheck, TaskRefInput, TaskReview } from "@maestro/domain";
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
