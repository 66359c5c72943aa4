import { type Task, agentForTask } from "../task";
import type { PlanNotes } from "./plan-notes";
import type { PlanInput, PlanSession } from "./plan-types";
import type { TaskReason } from "./task-reason";

/** What triage needs to know about the project beyond one task. */
export interface ProjectView {
  input: PlanInput;
  byId: ReadonlyMap<string, Task>;
  sessionOfTask: ReadonlyMap<string, PlanSession>;
  /** Keys of the failed (or cancelled) dependencies upstream of a task. */
  failedUpstream(task: Task): string[];
  /** Tasks with subtasks, with how many of those are still open. */
  openSubtasks: ReadonlyMap<string, number>;
}

/** A task may start (`candidate`), is a parent to close (`complete`), or has a reason it may not. */
export type Triage = "candidate" | "complete" | TaskReason;

/** A dependency that failed (or was cancelled) blocks everything downstream of it. */
export function failedUpstreamOf(byId: ReadonlyMap<string, Task>): (task: Task) => string[] {
  const found = new Map<string, string[]>();
  function failedUpstream(task: Task, seen: Set<string>): string[] {
    const cached = found.get(task.id);
    if (cached) return cached;
    if (seen.has(task.id)) return [];
    seen.add(task.id);
    const roots = new Set<string>();
    for (const id of task.dependsOn) {
      const dependency = byId.get(id);
      if (!dependency || dependency.status === "done") continue;
      if (dependency.status === "failed" || dependency.status === "cancelled") roots.add(dependency.key);
      else for (const key of failedUpstream(dependency, seen)) roots.add(key);
    }
    const result = [...roots].sort();
    found.set(task.id, result);
    return result;
  }
  return (task) => failedUpstream(task, new Set());
}

/** Every task that has subtasks, with the number of them not done or cancelled. */
export function countOpenSubtasks(tasks: readonly Task[]): Map<string, number> {
  const open = new Map<string, number>();
  for (const task of tasks) {
    if (!task.parentId) continue;
    const isOpen = task.status !== "done" && task.status !== "cancelled";
    open.set(task.parentId, (open.get(task.parentId) ?? 0) + (isOpen ? 1 : 0));
  }
  return open;
}

/** A task with a busy session: running, or waiting for its agent's usage limit to reset. */
function sessionReason(session: PlanSession, input: PlanInput, notes: PlanNotes): TaskReason {
  if (session.status !== "waiting") return { kind: "running", sessionId: session.id, status: session.status };
  const profile = input.agents.get(session.agent);
  const pausedUntil = profile?.pausedUntil ?? null;
  if (pausedUntil) notes.wake(pausedUntil);
  const until = pausedUntil ? new Date(pausedUntil).toISOString() : null;
  const account = profile?.account ? { account: profile.account } : {};
  return { kind: "usage_limit", sessionId: session.id, agent: session.agent, until, ...account };
}

/** A budget reached by the project, or by the task or one of its ancestors, holds it back. */
function budgetReason(task: Task, input: PlanInput): TaskReason | null {
  const project = input.budgets?.project;
  if (project) return { kind: "budget", scope: "project", ...project };
  const block = input.budgets?.tasks.get(task.id);
  return block ? { kind: "budget", scope: "task", ...block } : null;
}

/** Whether a task could start now, limits aside; the first reason it cannot if not. */
export function triageTask(task: Task, view: ProjectView, notes: PlanNotes): Triage {
  const session = view.sessionOfTask.get(task.id);
  if (session) return sessionReason(session, view.input, notes);
  if (task.status === "failed") return { kind: "failed", attempts: task.failedAttempts, cause: task.landing.note };
  if (task.status !== "todo") return { kind: "status", status: task.status };
  if (task.heldAt) return { kind: "held", at: task.heldAt, by: task.heldBy ?? "a person", key: task.key };
  const open = view.openSubtasks.get(task.id);
  if (open !== undefined) return open === 0 && view.input.state === "on" ? "complete" : { kind: "subtasks", open };
  const budget = budgetReason(task, view.input);
  if (budget) return budget;
  const failed = view.failedUpstream(task);
  if (failed.length > 0) return { kind: "blocked_by", failed };
  const waitingFor = task.dependsOn
    .filter((id) => view.byId.get(id)?.status !== "done")
    .map((id) => view.byId.get(id)?.key ?? id);
  if (waitingFor.length > 0) return { kind: "dependencies", waitingFor };
  const agent = agentForTask(task, view.input.defaultAgent);
  if (!agent || !view.input.agents.has(agent)) return { kind: "no_agent", agent };
  return "candidate";
}
