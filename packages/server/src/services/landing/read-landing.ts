import { listTasksWithBranch, pageTaskChecks, pageTaskReviews } from "@maestro/db";
import {
  type Page,
  type TaskCheck,
  type TaskHistoryInput,
  type TaskOverlaps,
  type TaskOverlapsInput,
  type TaskReview,
  decodeRankCursor,
  decodeTimeCursor,
  encodeRankCursor,
  encodeTimeCursor,
  findOverlaps,
  toPage,
  toTimePage,
} from "@maestro/domain";
import type { z } from "zod";
import { requireProject } from "../project/resolve-project";
import { assertMayReadProject } from "../session/session-access";
import { requireTask } from "../task/task-rules";
import { withinPageBytes } from "../page-bytes";
import type { VerbArgs } from "../unit-of-work";

type HistoryArgs = VerbArgs<z.output<typeof TaskHistoryInput>>;

/** A page of the task's review history, newest first. */
export async function listReviews({ ctx, input }: HistoryArgs): Promise<Page<TaskReview>> {
  const task = await requireTask(ctx.database.db, input.id);
  assertMayReadProject(ctx, task.projectId);
  const before = decodeTimeCursor(input.cursor);
  const fetched = await pageTaskReviews(ctx.database.db, task.id, { limit: input.limit + 1, before });
  // A review carries every comment of it (file, line, text): a page ends at its bytes too.
  return withinPageBytes(toTimePage(fetched, input.limit), encodeTimeCursor);
}

/** A page of the runs of the project's checks on the task, newest first. */
export async function listChecks({ ctx, input }: HistoryArgs): Promise<Page<TaskCheck>> {
  const task = await requireTask(ctx.database.db, input.id);
  assertMayReadProject(ctx, task.projectId);
  const before = decodeTimeCursor(input.cursor);
  const fetched = await pageTaskChecks(ctx.database.db, task.id, { limit: input.limit + 1, before });
  const cursorOf = (check: TaskCheck) => encodeTimeCursor({ createdAt: check.startedAt, id: check.id });
  // A check carries the tail of its output: a page ends at its bytes too.
  return withinPageBytes(
    toTimePage(fetched, input.limit, (check) => check.startedAt),
    cursorOf,
  );
}

/**
 * A page of the project's in-flight tasks whose branches change the same files, file by file, in
 * the board's order. Only tasks with a branch are read (a few of a big project's), and only their
 * landing; the page bounds the answer, which grows with the tasks in flight.
 */
export async function listOverlaps({
  ctx,
  input,
}: VerbArgs<z.output<typeof TaskOverlapsInput>>): Promise<Page<TaskOverlaps>> {
  const db = ctx.database.db;
  const project = await requireProject(db, input.id);
  assertMayReadProject(ctx, project.id);
  const taskId = input.taskId ? (await requireTask(db, input.taskId)).id : undefined;
  const statuses = ["todo", "in_progress", "in_review", "blocked"] as const;
  const branches = await listTasksWithBranch(db, project.id, statuses);
  const positions = new Map(branches.map((task) => [task.id, { rank: task.rank, number: task.number }]));
  const after = decodeRankCursor(input.cursor);
  const isAfter = (id: string) => {
    const at = positions.get(id)!;
    return !after || at.rank > after.rank || (at.rank === after.rank && at.number > after.number);
  };
  const entries = findOverlaps(branches).filter(
    (entry) => (taskId === undefined || entry.taskId === taskId) && isAfter(entry.taskId),
  );
  const cursorOf = (last: TaskOverlaps) => encodeRankCursor(positions.get(last.taskId)!);
  // An entry names every other task changing its files: many branches on the same files make it big.
  return withinPageBytes(toPage(entries.slice(0, input.limit + 1), input.limit, cursorOf), cursorOf);
}
