import { readInChunks } from "./chunks";
import { NO_LANDING, type Task } from "@maestro/domain";
import { eq, inArray, sql } from "drizzle-orm";
import type { TaskRow, taskDependencyTable as sqliteDependencyTable } from "../schema/task";
import { hot } from "../store/db";
import { type Db } from "../store/store";

type TaskDependencyRow = typeof sqliteDependencyTable.$inferSelect;

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
export async function dependenciesOf(db: Db, taskIds: string[]): Promise<Map<string, string[]>> {
  const { taskDependencyTable } = db.t;
  const byTask = new Map<string, string[]>();
  if (taskIds.length === 0) return byTask;
  if (taskIds.length === 1) {
    const rows = await hot<TaskDependencyRow>(db, "task.dependencies", () =>
      db.orm
        .select()
        .from(taskDependencyTable)
        .where(eq(taskDependencyTable.taskId, sql.placeholder("id"))),
    ).all({ id: taskIds[0] });
    if (rows.length > 0) {
      byTask.set(
        taskIds[0]!,
        rows.map((row) => row.dependsOnId),
      );
    }
    return byTask;
  }
  const rows = await readInChunks(taskIds, (chunk) =>
    db.orm.select().from(taskDependencyTable).where(inArray(taskDependencyTable.taskId, chunk)),
  );
  for (const row of rows) {
    const list = byTask.get(row.taskId);
    if (list) list.push(row.dependsOnId);
    else byTask.set(row.taskId, [row.dependsOnId]);
  }
  return byTask;
}
