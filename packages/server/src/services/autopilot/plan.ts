import {
  type DbClient,
  findAutopilot,
  listAccountPauses,
  listAgents,
  listFrontierTasks,
  listSessions,
  listTasks,
} from "@maestro/db";
import {
  type AutopilotState,
  BUSY_SESSION_STATUSES,
  type Plan,
  type PlanAgent,
  type Project,
  type Task,
  accountOf,
  pausesByProfile,
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
  const profiles = listAgents(db);
  const pauses = pausesByProfile(profiles, listAccountPauses(db, new Date(now)));
  const agents = new Map(
    profiles.map((profile): [string, PlanAgent] => {
      const pause = pauses.get(profile.name);
      const pausedUntil = pause ? Date.parse(pause.until) : null;
      return [profile.name, { maxConcurrent: profile.maxConcurrent, pausedUntil, account: accountOf(profile) }];
    }),
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
  });
  return { project, autopilot, tasks, plan, limits, agents };
}
