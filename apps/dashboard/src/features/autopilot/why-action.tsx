/*
 * The action of the task panel's "Why not running" line: "Retry" on a failed task, "Release" on a
 * task a stop holds (both are task.retry). Accessible name: the button's text.
 */
import type { Task } from "@maestro/domain";

export type WhyActionLabel = "Retry" | "Release";

/** Which action the task offers, if any: a failed task is retried, a held one released. */
export function whyActionLabel(task: Pick<Task, "status" | "heldAt">): WhyActionLabel | null {
  if (task.status === "failed") return "Retry";
  // A hold matters only on a todo task (see plan-triage.ts); a task moved on by the server keeps nothing to release.
  return task.status === "todo" && task.heldAt ? "Release" : null;
}

interface WhyActionProps {
  task: Pick<Task, "key" | "status" | "heldAt">;
  isPending: boolean;
  className: string;
  onAct: () => void;
}

export function WhyAction({ task, isPending, className, onAct }: WhyActionProps) {
  const label = whyActionLabel(task);
  if (!label) return null;
  const hint =
    label === "Release" ? `Let autopilot run ${task.key} again` : `Try ${task.key} again with a fresh attempt budget`;
  return (
    <button
      type="button"
      className={`button button--small ${className}`}
      disabled={isPending}
      title={hint}
      onClick={onAct}
    >
      {label}
    </button>
  );
}
