import type { Task } from "../task";
import { countHoldings } from "./plan-holdings";
import { PlanNotes } from "./plan-notes";
import { placeCandidates } from "./plan-starts";
import { type ProjectView, countOpenSubtasks, failedUpstreamOf, triageTask } from "./plan-triage";
import type { Plan, PlanInput } from "./plan-types";

/**
 * The scheduler's decision for one project, as a pure function: which ready tasks start now
 * (highest priority, then oldest, within the global, project and agent limits, never two whose
 * `touches` overlap), and a specific reason for every other task.
 */
export function planAutopilot(input: PlanInput): Plan {
  const byId = new Map(input.tasks.map((task) => [task.id, task]));
  const holdings = countHoldings(input, byId);
  const view: ProjectView = {
    input,
    byId,
    sessionOfTask: holdings.sessionOfTask,
    failedUpstream: failedUpstreamOf(byId),
    openSubtasks: countOpenSubtasks(input.tasks),
  };
  const notes = new PlanNotes();
  const candidates: Task[] = [];
  const complete: string[] = [];
  for (const task of input.tasks) {
    const triage = triageTask(task, view, notes);
    if (triage === "candidate") candidates.push(task);
    else if (triage === "complete") complete.push(task.id);
    else notes.say(task.id, triage);
  }
  const { start, queue } = placeCandidates(candidates, { input, notes, holdings });
  return { start, queue, complete, reasons: notes.reasons, wakeAt: notes.wakeAt, busy: holdings.busy };
}
