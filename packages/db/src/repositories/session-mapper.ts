import type { Session } from "@maestro/domain";
import { asc, eq, inArray, sql } from "drizzle-orm";
import type { SessionRow } from "../schema/session";
import { hot } from "../store/db";
import type { Db } from "../store/store";

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** The one mapping from a stored session to the domain Session (tasks in their order). */
export function toSession(row: SessionRow, taskIds: string[]): Session {
  return {
    id: row.id,
    projectId: row.projectId,
    taskIds,
    agent: row.agent,
    role: row.role,
    status: row.status,
    stopRequested: row.stopRequested,
    attempt: row.attempt,
    runnerId: row.runnerId,
    pid: row.pid,
    cwd: row.cwd,
    worktreePath: row.worktreePath,
    branch: row.branch,
    prompt: row.prompt,
    exitCode: row.exitCode,
    error: row.error,
    agentSessionId: row.agentSessionId,
    parentSessionId: row.parentSessionId,
    resumedFromId: row.resumedFromId,
    resumeReason: row.resumeReason,
    followUp: row.followUp,
    costUsd: row.costUsd,
    costIsEstimate: row.costIsEstimate,
    tokensIn: row.tokensIn,
    tokensOut: row.tokensOut,
    queueIndex: row.queueIndex,
    lastReport: row.lastReport,
    createdAt: row.createdAt.toISOString(),
    startedAt: iso(row.startedAt),
    endedAt: iso(row.endedAt),
    lastHeartbeatAt: iso(row.lastHeartbeatAt),
    lastOutputAt: iso(row.lastOutputAt),
    stalledAt: iso(row.stalledAt),
    endReason: row.endReason,
    stoppedBy: row.stoppedBy,
    peakRssMb: row.peakRssMb,
  };
}

export async function taskIdsOf(db: Db, sessionIds: string[]): Promise<Map<string, string[]>> {
  const { sessionTaskTable } = db.t;
  const byId = new Map<string, string[]>();
  if (sessionIds.length === 0) return byId;
  const rows =
    sessionIds.length === 1
      ? await hot<{ sessionId: string; taskId: string }>(db, "session.taskIds", () =>
          db.orm
            .select()
            .from(sessionTaskTable)
            .where(eq(sessionTaskTable.sessionId, sql.placeholder("id")))
            .orderBy(asc(sessionTaskTable.position)),
        ).all({ id: sessionIds[0] })
      : await db.orm
          .select()
          .from(sessionTaskTable)
          .where(inArray(sessionTaskTable.sessionId, sessionIds))
          .orderBy(asc(sessionTaskTable.position));
  for (const row of rows) byId.set(row.sessionId, [...(byId.get(row.sessionId) ?? []), row.taskId]);
  return byId;
}

export async function withTaskIds(db: Db, row: SessionRow | undefined): Promise<Session | undefined> {
  return row && toSession(row, (await taskIdsOf(db, [row.id])).get(row.id) ?? []);
}
