import {
  type Db,
  listBudgetedLineage,
  listBudgetedTasks,
  listDescendantIds,
  sumProjectSpend,
  sumSubtreeSpend,
} from "@maestro/db";
import {
  type Budget,
  type BudgetBlock,
  type BudgetBlocks,
  type BudgetReached,
  type Project,
  type Spend,
  budgetReached,
} from "@maestro/domain";

/** A scope with a budget: the project, or a task with its subtasks. */
export interface BudgetScope {
  scope: "project" | "task";
  /** The project's or the task's id. */
  id: string;
  key: string;
  budget: Budget;
  spend: Spend;
}

export function projectBudget(project: Project): Budget {
  return { budgetUsd: project.settings.budgetUsd, budgetTokens: project.settings.budgetTokens };
}

function hasBudget(budget: Budget): boolean {
  return budget.budgetUsd !== null || budget.budgetTokens !== null;
}

/** The project's scope, when it has a budget. */
export async function projectScope(db: Db, project: Project): Promise<BudgetScope | null> {
  const budget = projectBudget(project);
  if (!hasBudget(budget)) return null;
  return { scope: "project", id: project.id, key: project.key, budget, spend: await sumProjectSpend(db, project.id) };
}

/** Every scope with a budget that `taskId`'s spend counts in: the task, its ancestors, the project. */
export async function scopesOfTask(db: Db, project: Project, taskId: string | undefined): Promise<BudgetScope[]> {
  const tasks = taskId ? await listBudgetedLineage(db, taskId) : [];
  const scopes: BudgetScope[] = await Promise.all(
    tasks.map(async ({ id, key, ...budget }) => ({
      scope: "task" as const,
      id,
      key,
      budget,
      spend: await sumSubtreeSpend(db, id),
    })),
  );
  const own = await projectScope(db, project);
  return own ? [...scopes, own] : scopes;
}

/** The first budget reached among the scopes, with its scope. */
export function firstReached(scopes: readonly BudgetScope[]): { scope: BudgetScope; reached: BudgetReached } | null {
  for (const scope of scopes) {
    const reached = budgetReached(scope.spend, scope.budget);
    if (reached) return { scope, reached };
  }
  return null;
}

/** What the planner holds back: everything when the project's budget is reached, else each over-budget subtree. */
export async function budgetBlocks(db: Db, project: Project): Promise<BudgetBlocks> {
  const projectOver = firstReached([await projectScope(db, project)].filter((scope) => scope !== null));
  if (projectOver) return { project: { key: project.key, reached: projectOver.reached }, tasks: new Map() };
  const tasks = new Map<string, BudgetBlock>();
  for (const { id, key, ...budget } of await listBudgetedTasks(db, project.id)) {
    const reached = budgetReached(await sumSubtreeSpend(db, id), budget);
    if (!reached) continue;
    for (const taskId of [id, ...(await listDescendantIds(db, id))]) {
      if (!tasks.has(taskId)) tasks.set(taskId, { key, reached });
    }
  }
  return { project: null, tasks };
}
