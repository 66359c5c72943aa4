import { type Db, countActorEvents } from "@maestro/db";
import { DomainError } from "@maestro/domain";
import type { Context } from "../../context";

/**
 * Autopilot runs the subtasks an agent creates, so an agent session creating tasks without end
 * would fan out without end. Counted from the `task.created` events it recorded (its actor),
 * since its own session began: no column needed, and the scan stays within its lifetime.
 */
export async function assertUnderCreatedTasksCap(ctx: Context, db: Db, projectId: string): Promise<void> {
  const principal = ctx.principal;
  if (principal.kind !== "agent") return;
  const max = ctx.agentLimits.tasksCreatedPerSession;
  const created = await countActorEvents(db, {
    projectId,
    kind: "task.created",
    actor: ctx.actor,
    sinceEntityId: principal.sessionId,
  });
  if (created < max) return;
  throw new DomainError(
    "FORBIDDEN",
    `the cap of ${max} tasks created per agent session (MAESTRO_AGENT_MAX_CREATED_TASKS) is reached: this session created ${created}`,
    { field: "parentId" },
  );
}
