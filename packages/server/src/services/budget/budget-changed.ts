import { type Db, findAutopilot, findProjectById, sumSubtreeSpend } from "@maestro/db";
import { type Budget, type Project, type Task, budgetReached, isBudgetPause } from "@maestro/domain";
import { changeAutopilot } from "../autopilot/autopilot-writes";
import type { RecordEvent } from "../unit-of-work";
import { type BudgetScope, projectBudget, projectScope } from "./budget-scopes";
import { enforceReached } from "./enforce-budget";

function sameBudget(a: Budget, b: Budget): boolean {
  return a.budgetUsd === b.budgetUsd && a.budgetTokens === b.budgetTokens;
}

/** A scope whose new budget is already reached is enforced now; the event says so once. */
async function enforceIfReached(
  tx: Db,
  record: RecordEvent,
  project: Project,
  scope: BudgetScope,
  old: Budget,
): Promise<boolean> {
  const reached = budgetReached(scope.spend, scope.budget);
  if (!reached) return false;
  await enforceReached(tx, record, { project, scope, reached, isNew: budgetReached(scope.spend, old) === null });
  return true;
}

/**
 * After a person changed the project's budgets: lowered below what is spent, it is enforced;
 * raised (or cleared) above it, an autopilot that paused itself for the budget resumes.
 */
export async function afterProjectBudgetChange(
  tx: Db,
  record: RecordEvent,
  before: Project,
  after: Project,
): Promise<void> {
  if (sameBudget(projectBudget(before), projectBudget(after))) return;
  const scope = await projectScope(tx, after);
  if (scope && (await enforceIfReached(tx, record, after, scope, projectBudget(before)))) return;
  const autopilot = await findAutopilot(tx, after.id);
  if (autopilot.state !== "paused" || !isBudgetPause(autopilot.pauseReason)) return;
  await changeAutopilot(tx, record, after, { state: "on", maxConcurrent: autopilot.maxConcurrent });
}

/**
 * After a task's budgets changed: lowered below what it and its subtasks spent, it is enforced.
 * Raised, nothing to undo: the planner reads budgets on every pass (task.updated triggers one).
 */
export async function afterTaskBudgetChange(tx: Db, record: RecordEvent, before: Task, after: Task): Promise<void> {
  const budget = { budgetUsd: after.budgetUsd, budgetTokens: after.budgetTokens };
  const old = { budgetUsd: before.budgetUsd, budgetTokens: before.budgetTokens };
  if (sameBudget(budget, old)) return;
  const project = await findProjectById(tx, after.projectId);
  if (!project) return;
  const scope: BudgetScope = {
    scope: "task",
    id: after.id,
    key: after.key,
    budget,
    spend: await sumSubtreeSpend(tx, after.id),
  };
  await enforceIfReached(tx, record, project, scope, old);
}
