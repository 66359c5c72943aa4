import type { Budget, Spend } from "@maestro/domain";
import { type SQL, sql } from "drizzle-orm";
import { sqliteOf } from "../store/db";
import { type Db } from "../store/store";

/*
 * A session's cost counts for its first task (position 0), as session.costs does: a queue
 * session's later tasks run inside the same conversation and their cost cannot be told apart.
 */

/** Spend of each task that has sessions of its own (not rolled up), as a CTE body. */
const OWN_SPEND = (projectId: string): SQL => sql`
  SELECT st.task_id AS task_id, SUM(s.cost_usd) AS usd, SUM(s.tokens_in + s.tokens_out) AS tokens
  FROM sessions s JOIN session_tasks st ON st.session_id = s.id AND st.position = 0
  WHERE s.project_id = ${projectId}
  GROUP BY st.task_id`;

/** Everything the project's sessions cost, those without a task included. */
export async function sumProjectSpend(handle: Db, projectId: string): Promise<Spend> {
  const db = sqliteOf(handle);
  const row = db.get<{ usd: number | null; tokens: number | null }>(sql`
    SELECT SUM(cost_usd) AS usd, SUM(tokens_in + tokens_out) AS tokens FROM sessions WHERE project_id = ${projectId}`);
  return { usd: row?.usd ?? 0, tokens: row?.tokens ?? 0 };
}

/** Each spec's spend: its tasks' sessions (a subtask counts once, through its own spec id). */
export async function sumSpecSpends(handle: Db, projectId: string): Promise<Map<string, Spend>> {
  const db = sqliteOf(handle);
  const rows = db.all<{ specId: string; usd: number; tokens: number }>(sql`
    WITH own AS (${OWN_SPEND(projectId)})
    SELECT t.spec_id AS specId, SUM(own.usd) AS usd, SUM(own.tokens) AS tokens
    FROM own JOIN tasks t ON t.id = own.task_id
    WHERE t.spec_id IS NOT NULL
    GROUP BY t.spec_id`);
  return new Map(rows.map((row) => [row.specId, { usd: row.usd, tokens: row.tokens }]));
}

/** A task's spend with all its subtasks'. */
export async function sumSubtreeSpend(handle: Db, taskId: string): Promise<Spend> {
  const db = sqliteOf(handle);
  const row = db.get<{ usd: number | null; tokens: number | null }>(sql`
    WITH RECURSIVE subtree(id) AS (
      SELECT ${taskId}
      UNION ALL
      SELECT t.id FROM tasks t JOIN subtree ON t.parent_id = subtree.id
    )
    SELECT SUM(s.cost_usd) AS usd, SUM(s.tokens_in + s.tokens_out) AS tokens
    FROM subtree JOIN session_tasks st ON st.task_id = subtree.id AND st.position = 0
    JOIN sessions s ON s.id = st.session_id`);
  return { usd: row?.usd ?? 0, tokens: row?.tokens ?? 0 };
}

/** A task with a budget of its own. */
export interface BudgetedTask extends Budget {
  id: string;
  key: string;
}

/** The project's tasks that have a budget (usually a handful). */
export async function listBudgetedTasks(handle: Db, projectId: string): Promise<BudgetedTask[]> {
  const db = sqliteOf(handle);
  return db.all<BudgetedTask>(sql`
    SELECT id, key, budget_usd AS budgetUsd, budget_tokens AS budgetTokens
    FROM tasks INDEXED BY tasks_budget_idx
    WHERE project_id = ${projectId} AND (budget_usd IS NOT NULL OR budget_tokens IS NOT NULL)`);
}

/** The task and its ancestors that have a budget, nearest first. */
export async function listBudgetedLineage(handle: Db, taskId: string): Promise<BudgetedTask[]> {
  const db = sqliteOf(handle);
  return db.all<BudgetedTask>(sql`
    WITH RECURSIVE lineage(id, depth) AS (
      SELECT ${taskId}, 0
      UNION ALL
      SELECT t.parent_id, l.depth + 1 FROM tasks t JOIN lineage l ON t.id = l.id
      WHERE t.parent_id IS NOT NULL AND l.depth < 10000
    )
    SELECT t.id, t.key, t.budget_usd AS budgetUsd, t.budget_tokens AS budgetTokens
    FROM lineage l JOIN tasks t ON t.id = l.id
    WHERE t.budget_usd IS NOT NULL OR t.budget_tokens IS NOT NULL
    ORDER BY l.depth`);
}
