import { type Db, countSessionsStartedBy, findAgent, findSessionById } from "@maestro/db";
import { type AgentProfile, DomainError, type Project, type Session, type Task } from "@maestro/domain";
import type { Context } from "../../context";
import type { AgentLimits } from "../../limits";
import { isBeneathOwnTasks } from "./session-access";
import { assertSlotFree } from "./slot-limits";

type AgentPrincipal = Extract<Context["principal"], { kind: "agent" }>;

function refuse(message: string, field: string): DomainError {
  return new DomainError("FORBIDDEN", message, { field });
}

/** Levels of delegation above the session: 0 for one a person (or autopilot) started. */
async function depthOf(db: Db, session: Session, maxDepth: number): Promise<number> {
  let depth = 0;
  let parentId = session.parentSessionId;
  // Bounded: a chain longer than the cap already answers the question.
  while (parentId && depth <= maxDepth) {
    depth += 1;
    parentId = (await findSessionById(db, parentId))?.parentSessionId ?? null;
  }
  return depth;
}

async function assertDelegateOf(db: Db, caller: Session, profile: AgentProfile): Promise<void> {
  const delegates = (await findAgent(db, caller.agent))?.delegates ?? [];
  if (delegates.length === 0) {
    throw refuse(
      `an agent session may not start sessions: its profile ${caller.agent} names no delegates (agent update ${caller.agent} --delegates …)`,
      "agent",
    );
  }
  if (!delegates.includes(profile.name)) {
    throw refuse(
      `profile ${caller.agent} may delegate only to ${delegates.join(", ")}, not to ${profile.name}`,
      "agent",
    );
  }
}

async function assertOwnSubtasks(db: Db, principal: AgentPrincipal, tasks: readonly Task[]): Promise<void> {
  for (const task of tasks) {
    if (await isBeneathOwnTasks(db, principal, task.id)) continue;
    throw refuse(
      `a delegated session may only work on subtasks of this session's own tasks, and ${task.key} is not one`,
      "taskIds",
    );
  }
}

async function assertCaps(db: Db, caller: Session, limits: AgentLimits): Promise<void> {
  const depth = await depthOf(db, caller, limits.delegationDepth);
  if (depth + 1 > limits.delegationDepth) {
    throw refuse(
      `the delegation depth cap of ${limits.delegationDepth} (MAESTRO_DELEGATION_MAX_DEPTH) is reached: this session is already ${depth} levels of delegation deep`,
      "agent",
    );
  }
  const started = await countSessionsStartedBy(db, caller.id);
  if (started >= limits.sessionsStartedPerSession) {
    throw refuse(
      `the cap of ${limits.sessionsStartedPerSession} sessions started per session (MAESTRO_DELEGATION_MAX_SESSIONS) is reached (this session started ${started})`,
      "agent",
    );
  }
}

export interface DelegatedStart {
  profile: AgentProfile;
  tasks: readonly Task[];
  project: Project;
}

/**
 * An agent session may start a session only as delegation: of a profile its own profile names
 * in `delegates`, on subtasks of its own tasks, within the depth and count caps and within every
 * concurrency limit (people's starts skip limits; an agent's must not fan out past them).
 */
export async function assertMayStartSession(ctx: Context, db: Db, start: DelegatedStart): Promise<void> {
  const principal = ctx.principal;
  if (principal.kind !== "agent") return;
  const caller = await findSessionById(db, principal.sessionId);
  if (!caller) throw refuse("this session no longer exists", "agent");
  await assertDelegateOf(db, caller, start.profile);
  await assertOwnSubtasks(db, principal, start.tasks);
  await assertCaps(db, caller, ctx.agentLimits);
  await assertSlotFree(ctx, db, start.project, start.profile);
}
