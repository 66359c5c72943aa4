import { sumSpecSpends, sumSubtreeSpend, sumProjectSpend } from "@maestro/db";
import {
  type Budget,
  type BudgetReached,
  type ProjectRefInput,
  type Spend,
  type TaskRefInput,
  budgetReached,
} from "@maestro/domain";
import { requireProject } from "../project/resolve-project";
import { assertMayReadProject } from "../session/session-access";
import { requireTask } from "../task/task-rules";
import type { VerbArgs } from "../unit-of-work";
import { firstReached, projectBudget, scopesOfTask } from "./budget-scopes";

/** A scope's spend against its own budget. */
export interface ScopeSpend extends Spend, Budget {
  reached: BudgetReached | null;
}

export interface ProjectSpend extends ScopeSpend {
  projectId: string;
  /**
   * Each spec with any spend: its tasks'. A task's spend is `task.spend`: one row per task would
   * grow with the project's tasks (100,000 of them are megabytes), specs stay few.
   */
  specs: Array<Spend & { specId: string }>;
}

export interface TaskSpend extends ScopeSpend {
  taskId: string;
  /** The budget that holds this task back now: its own, an ancestor's or the project's. */
  blockedBy: { scope: "task" | "project"; key: string; reached: BudgetReached } | null;
}

function against(spend: Spend, budget: Budget): ScopeSpend {
  return { ...spend, ...budget, reached: budgetReached(spend, budget) };
}

/** The project's spend against its budget, with every spec's rolled up. */
export async function projectSpend({ ctx, input }: VerbArgs<ProjectRefInput>): Promise<ProjectSpend> {
  const db = ctx.database.db;
  const project = await requireProject(db, input.id);
  assertMayReadProject(ctx, project.id);
  return {
    projectId: project.id,
    ...against(await sumProjectSpend(db, project.id), projectBudget(project)),
    specs: [...(await sumSpecSpends(db, project.id))].map(([specId, spend]) => ({ specId, ...spend })),
  };
}

/** A task's spend (with its subtasks') against its budget, and the budget that holds it back, if any. */
export async function taskSpend({ ctx, input }: VerbArgs<TaskRefInput>): Promise<TaskSpend> {
  const db = ctx.database.db;
  const task = await requireTask(db, input.id);
  assertMayReadProject(ctx, task.projectId);
  const over = firstReached(await scopesOfTask(db, await requireProject(db, task.projectId), task.id));
  return {
    taskId: task.id,
    ...against(await sumSubtreeSpend(db, task.id), { budgetUsd: task.budgetUsd, budgetTokens: task.budgetTokens }),
    blockedBy: over && { scope: over.scope.scope, key: over.scope.key, reached: over.reached },
  };
}
