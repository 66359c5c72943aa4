import type { Budget, Spend } from "@maestro/domain";
import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../store/store";

/*
 * A session's cost counts for its first task (position 0), as session.costs does: a queue
 * session's later tasks run inside the same conversation and their cost cannot be told apart.
 *
 * Plain SQL with quoted camel-case aliases (PostgreSQL folds unquoted names to lower case). A sum
 * of bigints is a numeric on PostgreSQL; the store reads int8 and numeric as numbers.
 */

type SpendRow = { usd: number | null; tokens: number | null };

/** A sum over no rows is NULL: nothing spent. */
function toSpend(row: SpendRow | undefined): Spend {
  return { usd: row?.usd ?? 0, tokens: row?.tokens ?? 0 };
}

/** Spend of each task that has sessions of its own (not rolled up), as a CTE body. */
const OWN_SPEND = (projectId: string): SQL => sql`
  SELECT st.task_id AS task_id, SUM(s.cost_usd) AS usd, SUM(s.tokens_in + s.tokens_out) AS tokens
  FROM sessions s JOIN session_tasks st ON st.session_id = s.id AND st.position = 0
  WHERE s.project_id = ${projectId}
  GROUP BY st.task_id`;

/** Everything the project's sessions cost, those without a task included. */
export async function sumProjectSpend(db: Db, projectId: string): Promise<Spend> {
  const row = await db.get<SpendRow>(sql`
    SELECT SUM(cost_usd) AS usd, SUM(tokens_in + tokens_out) AS tokens FROM sessions WHERE project_id = ${projectId}`);
  return toSpend(row);
}

/** Each spec's spend: its tasks' sessions (a subtask counts once, through its own spec id). */
export async function sumSpecSpends(db: Db, projectId: string): Promise<Map<string, Spend>> {
  const rows = await db.all<{ specId: string } & SpendRow>(sql`
    WITH own AS (${OWN_SPEND(projectId)})
    SELECT t.spec_id AS "specId", SUM(own.usd) AS usd, SUM(own.tokens) AS tokens
    FROM own JOIN tasks t ON t.id = own.task_id
    WHERE t.spec_id IS NOT NULL
    GROUP BY t.spec_id`);
  return new Map(rows.map((row) => [row.specId, toSpend(row)]));
}

/** A task's spend with all its subtasks'. */
export async function sumSubtreeSpend(db: Db, taskId: string): Promise<Spend> {
  const row = await db.get<SpendRow>(sql`
    WITH RECURSIVE subtree(id) AS (
      SELECT CAST(${taskId} AS TEXT)
      UNION ALL
      SELECT t.id FROM tasks t JOIN subtree ON t.parent_id = subtree.id
    )
    SELECT SUM(s.cost_usd) AS usd, SUM(s.tokens_in + s.tokens_out) AS tokens
    FROM subtree JOIN session_tasks st ON st.task_id = subtree.id AND st.position = 0
    JOIN sessions s ON s.id = st.session_id`);
  return toSpend(row);
}

/** A task with a budget of its own. */
export interface BudgetedTask extends Budget {
  id: string;
  key: string;
}

/** The project's tasks that have a budget (usually a handful). */
export async function listBudgetedTasks(db: Db, projectId: string): Promise<BudgetedTask[]> {
  // Named on SQLite: without statistics its planner would take any (project_id, …) index and read
  // the whole project. PostgreSQL has no INDEXED BY; its planner has statistics.
  const tasks = db.engine === "sqlite" ? sql`tasks INDEXED BY tasks_budget_idx` : sql`tasks`;
  return await db.all<BudgetedTask>(sql`
    SELECT id, key, budget_usd AS "budgetUsd", budget_tokens AS "budgetTokens"
    FROM ${tasks}
    WHERE project_id = ${projectId} AND (budget_usd IS NOT NULL OR budget_tokens IS NOT NULL)`);
}

/** The task and its ancestors that have a budget, nearest first. */
export async function listBudgetedLineage(db: Db, taskId: string): Promise<BudgetedTask[]> {
  return await db.all<BudgetedTask>(sql`
    WITH RECURSIVE lineage(id, depth) AS (
      SELECT CAST(${taskId} AS TEXT), 0
      UNION ALL
      SELECT t.parent_id, l.depth + 1 FROM tasks t JOIN lineage l ON t.id = l.id
      WHERE t.parent_id IS NOT NULL AND l.depth < 10000
    )
    SELECT t.id, t.key, t.budget_usd AS "budgetUsd", t.budget_tokens AS "budgetTokens"
    FROM lineage l JOIN tasks t ON t.id = l.id
    WHERE t.budget_usd IS NOT NULL OR t.budget_tokens IS NOT NULL
    ORDER BY l.depth`);
}
