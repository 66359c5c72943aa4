import {
  type Db,
  findAutopilot,
  listAccountPauses,
  listAgents,
  listFrontierTasks,
  listSessions,
  listTasks,
  recentPeakRssByAgent,
} from "@maestro/db";
import { budgetBlocks } from "../budget/budget-scopes";
import {
  type AgentProfile,
  type AutopilotState,
  BUSY_SESSION_STATUSES,
  LEARNED_FOOTPRINT_SESSIONS,
  type Plan,
  type PlanAgent,
  type PlanMemory,
  type Project,
  type Session,
  type Task,
  accountOf,
  expectedFootprint,
  pausesByProfile,
  planAutopilot,
} from "@maestro/domain";
import type { Context } from "../../context";

/** What admission is measured against: the slot limit, the memory floor and the runners' memory reading. */
export type Admission = Pick<Context, "globalLimit" | "memory" | "minFreeMemoryMb">;

export interface ProjectPlan {
  project: Project;
  autopilot: AutopilotState;
  tasks: Task[];
  plan: Plan;
  limits: { global: number; project: number };
  agents: Map<string, PlanAgent>;
  /** The memory reading admitted against; null: none fresh, so no memory check. */
  memory: PlanMemory | null;
}

/** The project's slot limit while autopilot runs it: its own cap, or the project's setting. */
export function projectLimit(project: Project, autopilot: AutopilotState): number {
  return autopilot.maxConcurrent ?? project.settings.concurrencyLimit;
}

/**
 * Reads what the planner needs (tasks, every busy session, profiles, pauses) and plans.
 * `frontier` reads only what can start now (see listFrontierTasks): the same starts, parents to
 * close and wake-up time, without a reason for every task — what a scheduler pass needs.
 */
export async function planProject(
  db: Db,
  project: Project,
  admission: Admission,
  now = Date.now(),
  scope: "all" | "frontier" = "all",
): Promise<ProjectPlan> {
  const autopilot = await findAutopilot(db, project.id);
  const sessions = await listSessions(db, { statuses: [...BUSY_SESSION_STATUSES], limit: 100_000 });
  const tasks = await readPlanTasks(db, project.id, sessions, scope);
  const memory = memoryOf(admission, now);
  const agents = await readPlanAgents(db, now, memory);
  const limits = { global: admission.globalLimit, project: projectLimit(project, autopilot) };
  const plan = planAutopilot({
    now,
    state: autopilot.state,
    tasks,
    sessions,
    projectId: project.id,
    limits,
    agents,
    defaultAgent: project.settings.defaultAgent,
    defaultMaxAttempts: project.settings.maxAttempts,
    memory,
    pauseReason: autopilot.pauseReason,
    budgets: await budgetBlocks(db, project),
  });
  return { project, autopilot, tasks, plan, limits, agents, memory };
}

/** The project's tasks: all of them, or only those that can start now beside its busy sessions. */
async function readPlanTasks(db: Db, projectId: string, busy: Session[], scope: "all" | "frontier"): Promise<Task[]> {
  if (scope === "all") return await listTasks(db, { projectId });
  const busyTaskIds = busy.filter((session) => session.projectId === projectId).flatMap((session) => session.taskIds);
  return await listFrontierTasks(db, projectId, busyTaskIds);
}

/** Every profile as the planner sees it: until when its account is paused, and its memory footprint. */
async function readPlanAgents(db: Db, now: number, memory: PlanMemory | null): Promise<Map<string, PlanAgent>> {
  const profiles = await listAgents(db);
  const pauses = pausesByProfile(profiles, await listAccountPauses(db, new Date(now)));
  // Footprints only matter against a reading: without one, the sessions are not scanned for them.
  const learned = memory ? await recentPeakRssByAgent(db, LEARNED_FOOTPRINT_SESSIONS) : new Map<string, number>();
  return new Map(
    profiles.map((profile) => {
      const pause = pauses.get(profile.name);
      return [profile.name, planAgentOf(profile, pause ? Date.parse(pause.until) : undefined, learned)];
    }),
  );
}

function memoryOf(admission: Admission, now: number): PlanMemory | null {
  const reading = admission.memory.read(now);
  return reading ? { availableMb: reading.availableMb, floorMb: admission.minFreeMemoryMb } : null;
}

function planAgentOf(
  profile: AgentProfile,
  pausedUntil: number | undefined,
  learned: ReadonlyMap<string, number>,
): PlanAgent {
  const footprint = expectedFootprint(profile.memoryMb, learned.get(profile.name) ?? null);
  return {
    maxConcurrent: profile.maxConcurrent,
    pausedUntil: pausedUntil ?? null,
    account: accountOf(profile),
    footprintMb: footprint?.mb ?? 0,
  };
}
