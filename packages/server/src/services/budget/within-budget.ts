import type { Db } from "@maestro/db";
import { DomainError, type Project, type Task, budgetReason } from "@maestro/domain";
import { firstReached, scopesOfTask } from "./budget-scopes";

/** Refuses new work on a task whose budget (its own, an ancestor's or the project's) is reached. */
export async function assertWithinBudget(db: Db, project: Project, tasks: readonly Task[]): Promise<void> {
  for (const task of tasks) {
    const over = firstReached(await scopesOfTask(db, project, task.id));
    if (!over) continue;
    const { scope, reached } = over;
    const flag = reached.metric === "usd" ? "--budget-usd" : "--budget-tokens";
    const raise = `maestro ${scope.scope} update ${scope.key} ${flag} <more, or none>`;
    throw new DomainError(
      "INVALID_TRANSITION",
      `${task.key} is over budget: ${budgetReason(reached)} (${scope.scope} ${scope.key}); raise it with ${raise}`,
      { field: reached.metric === "usd" ? "budgetUsd" : "budgetTokens" },
    );
  }
}
