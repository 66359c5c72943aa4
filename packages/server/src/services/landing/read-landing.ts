import { listTasks, pageTaskChecks, pageTaskReviews } from "@maestro/db";
import {
  type Page,
  type ProjectRefInput,
  type TaskCheck,
  type TaskHistoryInput,
  type TaskOverlaps,
  type TaskReview,
  decodeTimeCursor,
  findOverlaps,
  toTimePage,
} from "@maestro/domain";
import type { z } from "zod";
import { requireProject } from "../project/resolve-project";
import { assertMayReadProject } from "../session/session-access";
import { requireTask } from "../task/task-rules";
import type { VerbArgs } from "../unit-of-work";

type HistoryArgs = VerbArgs<z.output<typeof TaskHistoryInput>>;

/** A page of the task's review history, newest first. */
export function listReviews({ ctx, input }: HistoryArgs): Page<TaskReview> {
  const task = requireTask(ctx.database.db, input.id);
  assertMayReadProject(ctx, task.projectId);
  const before = decodeTimeCursor(input.cursor);
  return toTimePage(pageTaskReviews(ctx.database.db, task.id, { limit: input.limit + 1, before }), input.limit);
}

/** A page of the runs of the project's checks on the task, newest first. */
export function listChecks({ ctx, input }: HistoryArgs): Page<TaskCheck> {
  const task = requireTask(ctx.database.db, input.id);
  assertMayReadProject(ctx, task.projectId);
  const before = decodeTimeCursor(input.cursor);
  const fetched = pageTaskChecks(ctx.database.db, task.id, { limit: input.limit + 1, before });
  return toTimePage(fetched, input.limit, (check) => check.startedAt);
}

/** The project's in-flight tasks whose branches change the same files, file by file. */
export function listOverlaps({ ctx, input }: VerbArgs<ProjectRefInput>): TaskOverlaps[] {
  const project = requireProject(ctx.database.db, input.id);
  assertMayReadProject(ctx, project.id);
  const statuses = ["todo", "in_progress", "in_review", "blocked"] as const;
  return findOverlaps(listTasks(ctx.database.db, { projectId: project.id, statuses }));
}
