import { z } from "zod";
import { EntityRef, Id } from "../common";
import { PageLimit, RankCursor } from "../page";
import type { Task } from "../task";

/**
 * A page of a project's overlaps (`id` is the project), in the board's order of the tasks that
 * have them; with `taskId`, only that task's entry (if it has one).
 */
export const TaskOverlapsInput = z.object({
  id: EntityRef,
  taskId: EntityRef.optional(),
  limit: PageLimit,
  cursor: RankCursor,
});
export type TaskOverlapsInput = z.input<typeof TaskOverlapsInput>;

export const FileOverlap = z.object({
  file: z.string(),
  /** The other in-flight tasks whose branches change this file too. */
  taskKeys: z.array(z.string()),
});
export type FileOverlap = z.infer<typeof FileOverlap>;

/** An in-flight task's files that other in-flight tasks change too ("also changes src/a.ts: WEB-7"). */
export const TaskOverlaps = z.object({
  taskId: Id,
  taskKey: z.string(),
  overlaps: z.array(FileOverlap),
});
export type TaskOverlaps = z.infer<typeof TaskOverlaps>;

/** A task whose branch holds work that has not landed yet (and still may). */
export function isInFlight(task: Pick<Task, "status" | "landing">): boolean {
  if (!task.landing.branch || task.landing.landState === "landed") return false;
  return task.status !== "done" && task.status !== "cancelled" && task.status !== "failed";
}

/**
 * For every in-flight task, the files it changes that another in-flight task's branch changes
 * too: the conflicts to expect when they land, flagged while both are still being worked on.
 * Tasks without an overlap are left out; files and keys come sorted.
 */
export function findOverlaps(tasks: readonly Pick<Task, "id" | "key" | "status" | "landing">[]): TaskOverlaps[] {
  const inFlight = tasks.filter(isInFlight);
  const changers = new Map<string, string[]>();
  for (const task of inFlight) {
    for (const file of new Set(task.landing.changedFiles)) {
      const keys = changers.get(file);
      if (keys) keys.push(task.key);
      else changers.set(file, [task.key]);
    }
  }
  const result: TaskOverlaps[] = [];
  for (const task of inFlight) {
    const overlaps = [...new Set(task.landing.changedFiles)].sort().flatMap((file): FileOverlap[] => {
      const others = (changers.get(file) ?? []).filter((key) => key !== task.key).sort();
      return others.length ? [{ file, taskKeys: others }] : [];
    });
    if (overlaps.length) result.push({ taskId: task.id, taskKey: task.key, overlaps });
  }
  return result;
}
