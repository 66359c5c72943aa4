import type { ImportPlan } from "@maestro/domain";

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** Tasks the import creates or updates. */
export function changedTaskCount(plan: ImportPlan): number {
  return plan.tasks.filter((task) => task.action !== "unchanged").length;
}

/** Specs and steering documents the import creates or updates. */
export function changedDocumentCount(plan: ImportPlan): number {
  return [...plan.specs, ...plan.steering].filter((item) => item.action !== "unchanged").length;
}

/** Whether applying the plan would change anything at all (else there is nothing to confirm). */
export function hasChanges(plan: ImportPlan): boolean {
  return changedTaskCount(plan) + changedDocumentCount(plan) > 0;
}

/** The confirm button: what it writes, tasks first since they are what most imports are for. */
export function importLabel(plan: ImportPlan): string {
  const tasks = changedTaskCount(plan);
  return tasks > 0 ? `Import ${plural(tasks, "task")}` : `Import ${plural(changedDocumentCount(plan), "document")}`;
}

/** The one-line summary over the plan's task counts. */
export function countsLine(plan: ImportPlan): string {
  const { create, update, unchanged } = plan.counts;
  return `${plural(create + update + unchanged, "task")}: ${create} to create, ${update} to update, ${unchanged} unchanged`;
}

/** What the success message says was done. */
export function appliedLine(plan: ImportPlan): string {
  const documents = changedDocumentCount(plan);
  const tasks = `Imported ${plural(changedTaskCount(plan), "task")} into ${plan.projectKey}`;
  return documents > 0 ? `${tasks}, and ${plural(documents, "spec or steering document")}.` : `${tasks}.`;
}
