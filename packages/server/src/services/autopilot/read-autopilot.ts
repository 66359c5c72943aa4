import { type Db, listSessions } from "@maestro/db";
import {
  AUTOPILOT_QUEUE_SHOWN,
  type AdmissionMemory,
  type AutopilotStatusInput,
  type AutopilotState,
  ENDED_SESSION_STATUSES,
  type EndReason,
  type Task,
  type TaskReason,
  type TaskRefInput,
  describeEndReason,
  describeReason,
} from "@maestro/domain";
import { requireProject } from "../project/resolve-project";
import { assertMayReadProject } from "../session/session-access";
import { requireTask } from "../task/task-rules";
import type { VerbArgs } from "../unit-of-work";
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
  /** The first ready tasks held back (by a limit, an overlap or a pause), in the order they will start. */
  queue: Array<TaskWhy & { title: string }>;
  /** How many tasks the whole queue holds (`queue` shows the first AUTOPILOT_QUEUE_SHOWN). */
  queueLength: number;
  /** Why each task asked about (`taskIds`, in that order; unknown ones left out) runs or does not. */
  tasks: TaskWhy[];
  /** Every task of the project counted once, under its first reason ("none": nothing holds it back). */
  reasonCounts: Partial<Record<TaskReason["kind"] | "none", number>>;
  /** When a retry or a pause ends and the scheduler looks again. */
  wakeAt: string | null;
  /** The runners' latest memory reading, the floor kept free and what started agents will still take (MiB); null: no reading. */
  memory: AdmissionMemory | null;
}

function whyOf(planned: ProjectPlan, task: Task): TaskWhy {
  const reasons = planned.plan.reasons.get(task.id) ?? [];
  return { taskId: task.id, key: task.key, reasons, text: reasons.map((reason) => describeReason(reason)).join("; ") };
}

/** The tasks `refs` name (ids or keys), once each, in the order asked. */
function tasksAskedFor(tasks: readonly Task[], refs: readonly string[]): Task[] {
  const byRef = new Map<string, Task>();
  for (const task of tasks) byRef.set(task.id, task).set(task.key, task);
  const asked = refs.map((ref) => byRef.get(ref) ?? byRef.get(ref.toUpperCase()));
  return [...new Set(asked)].filter((task) => task !== undefined);
}

function countReasons(planned: ProjectPlan): AutopilotStatus["reasonCounts"] {
  const counts: AutopilotStatus["reasonCounts"] = {};
  for (const task of planned.tasks) {
    const kind = planned.plan.reasons.get(task.id)?.[0]?.kind ?? "none";
    counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}

export function toStatus(planned: ProjectPlan, taskRefs: readonly string[] = []): AutopilotStatus {
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
    queue: plan.queue
      .slice(0, AUTOPILOT_QUEUE_SHOWN)
      .map((id) => ({ ...whyOf(planned, byId.get(id)!), title: byId.get(id)!.title })),
    queueLength: plan.queue.length,
    tasks: tasksAskedFor(tasks, taskRefs).map((task) => whyOf(planned, task)),
    reasonCounts: countReasons(planned),
    wakeAt: plan.wakeAt !== null ? new Date(plan.wakeAt).toISOString() : null,
    memory: planned.memory && { ...planned.memory, pendingMb: plan.busy.pendingMemoryMb },
  };
}

/** State, limits, the queue's head, reason counts, and the explanations of the tasks asked about. */
export async function autopilotStatus({ ctx, input }: VerbArgs<AutopilotStatusInput>): Promise<AutopilotStatus> {
  const project = await requireProject(ctx.database.db, input.projectId);
  return toStatus(await planProject(ctx.database.db, project, ctx), input.taskIds);
}

/** How the task's last ended session ended, in words ("failed with exit code 2"). */
export interface LastSessionEnd {
  sessionId: string;
  endReason: EndReason | null;
  text: string | null;
}

async function lastSessionEnd(db: Db, taskId: string): Promise<LastSessionEnd | null> {
  const [last] = await listSessions(db, { taskId, statuses: [...ENDED_SESSION_STATUSES], limit: 1 });
  return last ? { sessionId: last.id, endReason: last.endReason, text: describeEndReason(last) } : null;
}

/** Why a task is not running (or that it is), as autopilot sees it now, and how its last session ended. */
export async function taskWhy({
  ctx,
  input,
}: VerbArgs<TaskRefInput>): Promise<TaskWhy & { lastSession: LastSessionEnd | null }> {
  const db = ctx.database.db;
  const task = await requireTask(db, input.id);
  assertMayReadProject(ctx, task.projectId);
  const planned = await planProject(db, await requireProject(db, task.projectId), ctx);
  return { ...whyOf(planned, task), lastSession: await lastSessionEnd(db, task.id) };
}
