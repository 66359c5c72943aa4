import { type FileOverlap, type Task, findOverlaps } from "@maestro/domain";

/*
 * The domain's rule (the same the server's `task.overlaps` answers with), applied to the
 * project's task list the dashboard already keeps live: no query of its own to refresh.
 */

/** Each in-flight task's overlapping files, by task id (tasks without any are left out). */
export function overlapsByTask(tasks: readonly Task[]): Map<string, FileOverlap[]> {
  return new Map(findOverlaps(tasks).map((entry) => [entry.taskId, entry.overlaps]));
}

export function describeOverlap(overlap: FileOverlap): string {
  return `also changes ${overlap.file}: ${overlap.taskKeys.join(", ")}`;
}
