import { NO_LANDING, type Task } from "@maestro/domain";
import { eq, inArray, sql } from "drizzle-orm";
import { prepared } from "../prepared";
import { type TaskRow, taskDependencyTable } from "../schema/task";
import { inChunks } from "./chunks";
import { sqliteOf } from "../store/db";
import { type Db } from "../store/store";

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** The one mapping from a stored task (and its dependency ids) to the domain Task. */
export function toTask(row: TaskRow, dependsOn: string[]): Task {
  return {
    id: row.id,
    key: row.key,
    projectId: row.projectId,
    parentId: row.parentId,
    title: row.title,
    description: row.description,
    acceptanceCriteria: row.acceptanceCriteria,
    status: row.status,
    priority: row.priority,
    dependsOn,
    agent: row.agent,
    command: row.command,
    touches: row.touches,
    specId: row.specId,
    requirementIds: row.requirementIds,
    maxAttempts: row.maxAttempts,
    failedAttempts: row.failedAttempts,
    retryAt: iso(row.retryAt),
    heldAt: iso(row.heldAt),
    heldBy: row.heldBy,
    timeoutSec: row.timeoutSec,
    stallSec: row.stallSec,
    budgetUsd: row.budgetUsd,
    budgetTokens: row.budgetTokens,
    rank: row.rank,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    startedAt: iso(row.startedAt),
    completedAt: iso(row.completedAt),
    // A landing stored before a field was added gets that field's default.
    landing: { ...NO_LANDING, ...row.landing },
  };
}

/** Each task's dependency ids, by task (tasks with none are left out). */
export async function dependenciesOf(handle: Db, taskIds: string[]): Promise<Map<string, string[]>> {
  const db = sqliteOf(handle);
  const byTask = new Map<string, string[]>();
  if (taskIds.length === 0) return byTask;
  if (taskIds.length === 1) {
    const rows = prepared(db, "task.dependencies", () =>
      db
        .select()
        .from(taskDependencyTable)
        .where(eq(taskDependencyTable.taskId, sql.placeholder("id")))
        .prepare(),
    ).all({ id: taskIds[0] });
    if (rows.length > 0) {
      byTask.set(
        taskIds[0]!,
        rows.map((row) => row.dependsOnId),
      );
    }
    return byTask;
  }
  const rows = inChunks(taskIds, (chunk) =>
    db.select().from(taskDependencyTable).where(inArray(taskDependencyTable.taskId, chunk)).all(),
  );
  for (const row of rows) {
    const list = byTask.get(row.taskId);
    if (list) list.push(row.dependsOnId);
    else byTask.set(row.taskId, [row.dependsOnId]);
  }
  return byTask;
}
