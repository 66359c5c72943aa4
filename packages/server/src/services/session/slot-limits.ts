import { type Db, findAutopilot, listSessions } from "@maestro/db";
import {
  type AgentProfile,
  DomainError,
  type Project,
  SLOT_SESSION_STATUSES,
  type TaskReason,
  describeReason,
} from "@maestro/domain";
import type { Context } from "../../context";
import { projectLimit } from "../autopilot/plan";

/** The first concurrency limit (global, project, agent) a new session would go past, or null. */
async function fullLimit(ctx: Context, db: Db, project: Project, profile: AgentProfile): Promise<TaskReason | null> {
  // Counted as autopilot counts (plan-holdings): every session holding a slot, in every project.
  const busy = await listSessions(db, { statuses: SLOT_SESSION_STATUSES, limit: 100_000 });
  const global = busy.length;
  if (global >= ctx.globalLimit) {
    return { kind: "limit", scope: "global", agent: null, busy: global, limit: ctx.globalLimit };
  }
  const inProject = busy.filter((session) => session.projectId === project.id).length;
  const perProject = projectLimit(project, await findAutopilot(db, project.id));
  if (inProject >= perProject) {
    return { kind: "limit", scope: "project", agent: null, busy: inProject, limit: perProject };
  }
  const ofAgent = busy.filter((session) => session.agent === profile.name).length;
  if (profile.maxConcurrent !== null && ofAgent >= profile.maxConcurrent) {
    return { kind: "limit", scope: "agent", agent: profile.name, busy: ofAgent, limit: profile.maxConcurrent };
  }
  return null;
}

/**
 * A session an agent starts takes a slot like any autopilot start; with every slot of a limit
 * taken it is refused (the agent may try again when one of its sessions ends).
 */
export async function assertSlotFree(ctx: Context, db: Db, project: Project, profile: AgentProfile): Promise<void> {
  const limit = await fullLimit(ctx, db, project, profile);
  if (!limit) return;
  throw new DomainError(
    "FORBIDDEN",
    `cannot start another session now: the ${describeReason(limit)} is full; try again when a session ends`,
    { field: "agent" },
  );
}
