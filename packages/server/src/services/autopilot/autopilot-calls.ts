import { findAutopilot, listSessions, saveAutopilot, updateTask } from "@maestro/db";
import {
  type AutopilotRefInput,
  type AutopilotState,
  BUSY_SESSION_STATUSES,
  DomainError,
  type Session,
  type StartAutopilotInput,
  StartSessionInput,
  type Task,
  type TaskReason,
  type TaskRefInput,
  describeReason,
  statusTimestamps,
} from "@maestro/domain";
import { requireProject } from "../project/resolve-project";
import { assertMayReadProject } from "../session/session-access";
import { queueSession } from "../session/start-session";
import { requireTask } from "../task/task-rules";
import { type VerbArgs, inTransaction } from "../unit-of-work";
import { type ProjectPlan, planProject } from "./plan";

export interface TaskWhy {
  taskId: string;
  key: string;
  reasons: TaskReason[];
  /** The reasons as one line, e.g. "waiting for WEB-3 and WEB-4". */
  text: string;
}

export interface AutopilotStatus extends AutopilotState {
  limits: {
    global: { busy: number; limit: number };
    project: { busy: number; limit: number };
    agents: Array<{ agent: string; busy: number; limit: number | null; pausedUntil: string | null }>;
  };
  /** Ready tasks held back (by a limit, an overlap or a pause), in the order they will start. */
  queue: Array<TaskWhy & { title: string }>;
  /** Why each task of the project runs or does not. */
  tasks: TaskWhy[];
  /** When a retry or a pause ends and the scheduler looks again. */
  wakeAt: string | null;
}

function whyOf(planned: ProjectPlan, task: Task): TaskWhy {
  const reasons = planned.plan.reasons.get(task.id) ?? [];
  return { taskId: task.id, key: task.key, reasons, text: reasons.map(describeReason).join("; ") };
}

export function toStatus(planned: ProjectPlan): AutopilotStatus {
  const { plan, limits, agents, autopilot, tasks } = planned;
  const byId = new Map(tasks.map((task) => [task.id, task]));
  const agentRows = [...agents.entries()]
    .filter(
      ([name, agent]) =>
        (plan.busy.agents.get(name) ?? 0) > 0 || agent.maxConcurrent !== null || agent.pausedUntil !== null,
    )
    .map(([name, agent]) => ({
      agent: name,
      busy: plan.busy.agents.get(name) ?? 0,
      limit: agent.maxConcurrent,
      pausedUntil: agent.pausedUntil !== null ? new Date(agent.pausedUntil).toISOString() : null,
    }));
  return {
    ...autopilot,
    limits: {
      global: { busy: plan.busy.global, limit: limits.global },
      project: { busy: plan.busy.project, limit: limits.project },
      agents: agentRows,
    },
    queue: plan.queue.map((id) => ({ ...whyOf(planned, byId.get(id)!), title: byId.get(id)!.title })),
    tasks: tasks.map((task) => whyOf(planned, task)),
    wakeAt: plan.wakeAt !== null ? new Date(plan.wakeAt).toISOString() : null,
  };
}

export function autopilotStatus({ ctx, input }: VerbArgs<AutopilotRefInput>): AutopilotStatus {
  const project = requireProject(ctx.database.db, input.projectId);
  return toStatus(planProject(ctx.database.db, project, ctx.globalLimit));
}

/** Turns autopilot on (or changes its cap); the scheduler reacts to the event at once. */
export function startAutopilot({ ctx, input }: VerbArgs<StartAutopilotInput>): AutopilotStatus {
  inTransaction(ctx, (tx, record) => {
    const project = requireProject(tx, input.projectId);
    const current = findAutopilot(tx, project.id);
    const maxConcurrent = input.maxConcurrent === undefined ? current.maxConcurrent : input.maxConcurrent;
    const autopilot = saveAutopilot(tx, { projectId: project.id, state: "on", maxConcurrent });
    record({
      kind: "autopilot.updated",
      entity: "project",
      entityId: project.id,
      projectId: project.id,
      payload: { autopilot },
    });
  });
  return autopilotStatus({ ctx, input });
}

/** Starts nothing new; running sessions run on. */
export function pauseAutopilot({ ctx, input }: VerbArgs<AutopilotRefInput>): AutopilotStatus {
  inTransaction(ctx, (tx, record) => {
    const project = requireProject(tx, input.projectId);
    const current = findAutopilot(tx, project.id);
    if (current.state === "off") {
      throw new DomainError("INVALID_TRANSITION", `autopilot of ${project.key} is off: start it first`, {
        field: "projectId",
      });
    }
    const autopilot = saveAutopilot(tx, {
      projectId: project.id,
      state: "paused",
      maxConcurrent: current.maxConcurrent,
    });
    record({
      kind: "autopilot.updated",
      entity: "project",
      entityId: project.id,
      projectId: project.id,
      payload: { autopilot },
    });
  });
  return autopilotStatus({ ctx, input });
}

/** Why a task is not running (or that it is), as autopilot sees it now. */
export function taskWhy({ ctx, input }: VerbArgs<TaskRefInput>): TaskWhy {
  const db = ctx.database.db;
  const task = requireTask(db, input.id);
  assertMayReadProject(ctx, task.projectId);
  const planned = planProject(db, requireProject(db, task.projectId), ctx.globalLimit);
  return whyOf(planned, task);
}

const RETRYABLE: ReadonlyArray<Task["status"]> = ["failed", "blocked", "cancelled", "in_review", "todo"];

/**
 * A manual retry: the task goes back to todo with a fresh attempt budget. Under autopilot the
 * scheduler starts it (and unblocks its dependents once it is done); otherwise it starts now.
 */
export function retryTask({ ctx, input }: VerbArgs<TaskRefInput>): { task: Task; session: Session | null } {
  // One transaction: if the task cannot be started now, it is not moved either.
  return inTransaction(ctx, (tx, record) => {
    const current = requireTask(tx, input.id);
    if (!RETRYABLE.includes(current.status)) {
      throw new DomainError(
        "INVALID_TRANSITION",
        `${current.key} is ${current.status.replace("_", " ")}: only a failed, blocked, cancelled or in-review task can be retried`,
        {
          field: "status",
        },
      );
    }
    const [busy] = listSessions(tx, { taskId: current.id, statuses: [...BUSY_SESSION_STATUSES], limit: 1 });
    if (busy) {
      throw new DomainError("ALREADY_EXISTS", `${current.key} already has a ${busy.status} session (${busy.id})`, {
        field: "id",
      });
    }
    const updated = updateTask(tx, current.id, {
      status: "todo",
      failedAttempts: 0,
      retryAt: null,
      ...statusTimestamps(current.status, "todo", current, new Date().toISOString()),
    });
    record({
      kind: "task.updated",
      entity: "task",
      entityId: updated.id,
      projectId: updated.projectId,
      payload: { task: updated, changed: ["status", "failedAttempts", "retryAt"] },
    });
    if (findAutopilot(tx, updated.projectId).state === "on") return { task: updated, session: null };
    const project = requireProject(tx, updated.projectId);
    const session = queueSession(
      ctx,
      tx,
      record,
      StartSessionInput.parse({ taskIds: [updated.id], worktree: project.settings.worktreeMode === "per_task" }),
    );
    return { task: requireTask(tx, updated.id), session };
  });
}
