import { type Db, findAutopilot, findProjectById, findSessionById, listDescendantIds, listSessions } from "@maestro/db";
import {
  BUSY_SESSION_STATUSES,
  type BudgetReached,
  type Project,
  type Spend,
  budgetReached,
  budgetReason,
} from "@maestro/domain";
import { changeAutopilot } from "../autopilot/autopilot-writes";
import { requestStop } from "../session/stop-session";
import type { RecordEvent } from "../unit-of-work";
import { type BudgetScope, scopesOfTask } from "./budget-scopes";

/** Busy sessions whose tasks fall in the scope (the project's, or a task's subtree). */
async function busySessionsIn(tx: Db, projectId: string, scope: BudgetScope) {
  const busy = await listSessions(tx, { projectId, statuses: BUSY_SESSION_STATUSES, limit: 10_000 });
  if (scope.scope === "project") return busy;
  const subtree = new Set([scope.id, ...(await listDescendantIds(tx, scope.id))]);
  return busy.filter((session) => session.taskIds.some((id) => subtree.has(id)));
}

/** A project's autopilot that is on pauses, saying why; one a person paused or turned off stays so. */
async function pauseForBudget(tx: Db, record: RecordEvent, project: Project, reached: BudgetReached): Promise<void> {
  const autopilot = await findAutopilot(tx, project.id);
  if (autopilot.state !== "on") return;
  const pauseReason = budgetReason(reached);
  await changeAutopilot(tx, record, project, { state: "paused", maxConcurrent: autopilot.maxConcurrent, pauseReason });
}

/**
 * A scope at its budget: its sessions are asked to stop (stopReason budget, as the watchdog
 * does for time limits), the project's autopilot pauses, and — when the limit was just crossed —
 * one `budget.reached` event is recorded.
 */
export async function enforceReached(
  tx: Db,
  record: RecordEvent,
  target: { project: Project; scope: BudgetScope; reached: BudgetReached; isNew: boolean },
): Promise<void> {
  const { project, scope, reached } = target;
  const error = `${budgetReason(reached)} (${scope.scope} ${scope.key}) before it started`;
  const stopped: string[] = [];
  for (const session of await busySessionsIn(tx, project.id, scope)) {
    if (session.stopRequested) continue;
    stopped.push((await requestStop(tx, record, session, { stopReason: "budget", error })).id);
  }
  if (scope.scope === "project") await pauseForBudget(tx, record, project, reached);
  if (!target.isNew) return;
  record({
    kind: "budget.reached",
    entity: scope.scope,
    entityId: scope.id,
    projectId: project.id,
    payload: { scope: scope.scope, key: scope.key, ...reached, stopped },
  });
}

/** After a batch of usage: every scope the session's spend counts in that is now at its budget is enforced. */
export async function enforceBudgets(tx: Db, record: RecordEvent, sessionId: string, added: Spend): Promise<void> {
  // A batch that spent nothing (an agent naming its conversation) cannot reach anything new.
  if (added.usd <= 0 && added.tokens <= 0) return;
  const session = await findSessionById(tx, sessionId);
  const project = session && (await findProjectById(tx, session.projectId));
  if (!session || !project) return;
  for (const scope of await scopesOfTask(tx, project, session.taskIds[0])) {
    const reached = budgetReached(scope.spend, scope.budget);
    if (!reached) continue;
    const before = { usd: scope.spend.usd - added.usd, tokens: scope.spend.tokens - added.tokens };
    await enforceReached(tx, record, { project, scope, reached, isNew: budgetReached(before, scope.budget) === null });
  }
}
