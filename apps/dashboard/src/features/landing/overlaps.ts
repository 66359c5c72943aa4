import type { Task } from "@maestro/domain";

export interface FileOverlap {
  file: string;
  /** The other in-flight tasks whose branches change it. */
  taskKeys: string[];
}

/** Working on a branch whose work has not landed (and will not be thrown away). */
export function isInFlight(task: Task): boolean {
  return (
    task.landing.branch !== null &&
    task.landing.landState !== "landed" &&
    task.status !== "done" &&
    task.status !== "cancelled" &&
    task.status !== "failed"
  );
}

/** Files `task` changes that other in-flight tasks change too ("also changes src/auth.ts: WEB-7"). */
export function taskOverlaps(task: Task, tasks: readonly Task[]): FileOverlap[] {
  if (!isInFlight(task) || task.landing.changedFiles.length === 0) return [];
  const mine = new Set(task.landing.changedFiles);
  const byFile = new Map<string, string[]>();
  for (const other of tasks) {
    if (other.id === task.id || !isInFlight(other)) continue;
    for (const file of other.landing.changedFiles) {
      if (!mine.has(file)) continue;
      byFile.set(file, [...(byFile.get(file) ?? []), other.key]);
    }
  }
  return [...byFile.entries()]
    .map(([file, taskKeys]) => ({ file, taskKeys: taskKeys.sort() }))
    .sort((a, b) => a.file.localeCompare(b.file));
}

export function describeOverlap(overlap: FileOverlap): string {
  return `also changes ${overlap.file}: ${overlap.taskKeys.join(", ")}`;
}

/** Every in-flight task's overlaps at once (the graph), from one index of file → tasks. */
export function overlapsByTask(tasks: readonly Task[]): Map<string, FileOverlap[]> {
  const byFile = new Map<string, Task[]>();
  for (const task of tasks.filter(isInFlight)) {
    for (const file of task.landing.changedFiles) byFile.set(file, [...(byFile.get(file) ?? []), task]);
  }
  const result = new Map<string, FileOverlap[]>();
  for (const [file, sharing] of [...byFile.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    if (sharing.length < 2) continue;
    for (const task of sharing) {
      const taskKeys = sharing
        .filter((other) => other.id !== task.id)
        .map((other) => other.key)
        .sort();
      result.set(task.id, [...(result.get(task.id) ?? []), { file, taskKeys }]);
    }
  }
  return result;
}
