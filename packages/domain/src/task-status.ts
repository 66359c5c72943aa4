import { DomainError } from "./errors";
import type { TaskStatus } from "./task";

/**
 * Which status changes a task may make. Permissive where people really move cards
 * (reopening, parking) but never nonsense such as cancelled → done.
 */
export const TASK_STATUS_TRANSITIONS: Record<TaskStatus, readonly TaskStatus[]> = {
  todo: ["in_progress", "in_review", "done", "blocked", "failed", "cancelled"],
  in_progress: ["todo", "in_review", "done", "blocked", "failed", "cancelled"],
  in_review: ["todo", "in_progress", "done", "blocked", "failed", "cancelled"],
  blocked: ["todo", "in_progress", "failed", "cancelled"],
  failed: ["todo", "in_progress", "cancelled"],
  done: ["todo", "in_progress", "in_review"],
  cancelled: ["todo"],
};

export function canTransition(from: TaskStatus, to: TaskStatus): boolean {
  return from === to || TASK_STATUS_TRANSITIONS[from].includes(to);
}

export function assertTransition(taskKey: string, from: TaskStatus, to: TaskStatus): void {
  if (canTransition(from, to)) return;
  const allowed = TASK_STATUS_TRANSITIONS[from].join(", ");
  throw new DomainError("INVALID_TRANSITION", `${taskKey} cannot go from ${from} to ${to} (allowed: ${allowed})`, {
    field: "status",
  });
}

export function isTerminalStatus(status: TaskStatus): boolean {
  return status === "done" || status === "cancelled" || status === "failed";
}

/** Timestamps that follow a status change: started on first work, completed when it ends, cleared on reopen. */
export function statusTimestamps(
  from: TaskStatus,
  to: TaskStatus,
  current: { startedAt: string | null; completedAt: string | null },
  now: string,
): { startedAt: string | null; completedAt: string | null } {
  if (from === to) return { startedAt: current.startedAt, completedAt: current.completedAt };
  const startedAt = to === "in_progress" && !current.startedAt ? now : to === "todo" ? null : current.startedAt;
  const completedAt = isTerminalStatus(to) ? now : null;
  return { startedAt, completedAt };
}
