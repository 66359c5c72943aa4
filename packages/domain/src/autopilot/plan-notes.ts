import type { TaskReason } from "./task-reason";

/** What a planning pass has found so far: every task's reasons, and when to plan again. */
export class PlanNotes {
  readonly reasons = new Map<string, TaskReason[]>();
  wakeAt: number | null = null;

  say(taskId: string, reason: TaskReason): void {
    this.reasons.set(taskId, [...(this.reasons.get(taskId) ?? []), reason]);
  }

  /** Plan again at `at` (epoch ms), unless something earlier already asks to. */
  wake(at: number): void {
    this.wakeAt = this.wakeAt === null ? at : Math.min(this.wakeAt, at);
  }
}
