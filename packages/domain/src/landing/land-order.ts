import type { Task } from "../task";

/**
 * The keys of a task's subtasks whose work has not landed yet (not done, not cancelled): a
 * parent lands only after all of its subtasks, so the target never holds a parent without them.
 */
export function unlandedSubtasks(
  task: Pick<Task, "id">,
  tasks: readonly Pick<Task, "key" | "parentId" | "status">[],
): string[] {
  return tasks
    .filter((other) => other.parentId === task.id && other.status !== "done" && other.status !== "cancelled")
    .map((other) => other.key)
    .sort();
}

/** Why a task may not land yet because of its subtasks, in words; null when it may. */
export function subtasksHold(keys: readonly string[]): string | null {
  return keys.length ? `waits for its subtasks to land first: ${keys.join(", ")}` : null;
}
