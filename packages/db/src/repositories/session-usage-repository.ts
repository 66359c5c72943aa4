import { eq, sql } from "drizzle-orm";
import type { Db } from "../store/store";

/** What one batch of an agent's output says it used. */
export interface SessionUsage {
  costUsd: number;
  tokensIn: number;
  tokensOut: number;
  /** The agent's own id for its conversation, when this batch named one (kept otherwise). */
  agentSessionId: string | null;
  /** Some of `costUsd` was estimated from tokens: the session's cost is an estimate from now on. */
  isCostEstimate?: boolean;
}

/** Adds a batch's usage to the session's totals. */
export async function addSessionUsage(db: Db, sessionId: string, usage: SessionUsage): Promise<void> {
  const { sessionTable } = db.t;
  await db.orm
    .update(sessionTable)
    .set({
      costUsd: sql`${sessionTable.costUsd} + ${usage.costUsd}`,
      tokensIn: sql`${sessionTable.tokensIn} + ${usage.tokensIn}`,
      tokensOut: sql`${sessionTable.tokensOut} + ${usage.tokensOut}`,
      ...(usage.agentSessionId !== null ? { agentSessionId: usage.agentSessionId } : {}),
      ...(usage.isCostEstimate ? { costIsEstimate: true } : {}),
    })
    .where(eq(sessionTable.id, sessionId));
}

/** What a task's sessions cost. */
export interface TaskCost {
  taskId: string;
  costUsd: number;
  tokensIn: number;
  tokensOut: number;
  sessions: number;
  /** Some of the sessions' cost was estimated from tokens (their agent reported none). */
  includesEstimate: boolean;
}

/** Totals of a project's sessions that have a task (a queue session counts once, for its first). */
export interface CostTotals {
  costUsd: number;
  tokensIn: number;
  tokensOut: number;
  includesEstimate: boolean;
}

const OF_FIRST_TASK = sql`FROM sessions s JOIN session_tasks st ON st.session_id = s.id AND st.position = 0`;

export async function sumProjectCosts(db: Db, projectId: string): Promise<CostTotals> {
  const row = await db.get<{
    costUsd: number | null;
    tokensIn: number | null;
    tokensOut: number | null;
    estimates: number;
  }>(
    sql`SELECT SUM(s.cost_usd) AS "costUsd", SUM(s.tokens_in) AS "tokensIn", SUM(s.tokens_out) AS "tokensOut",
               COUNT(*) FILTER (WHERE s.cost_is_estimate) AS estimates
        ${OF_FIRST_TASK} WHERE s.project_id = ${projectId}`,
  );
  return {
    costUsd: row?.costUsd ?? 0,
    tokensIn: row?.tokensIn ?? 0,
    tokensOut: row?.tokensOut ?? 0,
    includesEstimate: (row?.estimates ?? 0) > 0,
  };
}

/**
 * Cost and tokens of a project's sessions, by task (a queue session counts for its first task),
 * in task id order: `limit` tasks after the task id `after`.
 */
export async function sumCostsByTask(
  db: Db,
  projectId: string,
  page: { limit: number; after?: string | undefined },
): Promise<TaskCost[]> {
  const after = page.after === undefined ? sql`` : sql`AND st.task_id > ${page.after}`;
  const rows = await db.all<Omit<TaskCost, "includesEstimate"> & { estimates: number }>(sql`
    SELECT st.task_id AS "taskId", SUM(s.cost_usd) AS "costUsd", SUM(s.tokens_in) AS "tokensIn",
           SUM(s.tokens_out) AS "tokensOut", COUNT(*) AS sessions,
           COUNT(*) FILTER (WHERE s.cost_is_estimate) AS estimates
    ${OF_FIRST_TASK}
    WHERE s.project_id = ${projectId} ${after}
    GROUP BY st.task_id ORDER BY st.task_id LIMIT ${page.limit}`);
  return rows.map(({ estimates, ...row }) => ({ ...row, includesEstimate: estimates > 0 }));
}
