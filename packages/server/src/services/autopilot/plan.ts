import {
  type DbClient,
  findAutopilot,
  listAgentPauses,
  listAgents,
  listFrontierTasks,
  listSessions,
  listTasks,
} from "@maestro/db";
import { budgetBlocks } from "../budget/budget-scopes";
import {
  type AutopilotState,
  BUSY_SESSION_STATUSES,
  type Plan,
  type PlanAgent,
  type Project,
  type Task,
  planAutopilot,
} from "@maestro/domain";

export interface ProjectPlan {
  project: Project;
  autopilot: AutopilotState;
  tasks: Task[];
  plan: Plan;
  limits: { global: number; project: number };
  agents: Map<string, PlanAgent>;
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
export function planProject(
  db: DbClient,
  project: Project,
  globalLimit: number,
  now = Date.now(),
  scope: "all" | "frontier" = "all",
): ProjectPlan {
  const autopilot = findAutopilot(db, project.id);
  const sessions = listSessions(db, { statuses: [...BUSY_SESSION_STATUSES], limit: 100_000 });
  const tasks =
    scope === "all"
      ? listTasks(db, { projectId: project.id })
      : listFrontierTasks(
          db,
          project.id,
          sessions.filter((session) => session.projectId === project.id).flatMap((session) => session.taskIds),
        );
  const pauses = new Map(listAgentPauses(db, new Date(now)).map((pause) => [pause.agent, Date.parse(pause.until)]));
  const agents = new Map(
    listAgents(db).map((profile) => [
      profile.name,
      { maxConcurrent: profile.maxConcurrent, pausedUntil: pauses.get(profile.name) ?? null },
    ]),
  );
  const limits = { global: globalLimit, project: projectLimit(project, autopilot) };
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
    pauseReason: autopilot.pauseReason,
    budgets: budgetBlocks(db, project),
  });
  return { project, autopilot, tasks, plan, limits, agents };
}
