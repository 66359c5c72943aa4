import type { Task } from "@maestro/domain";
import { and, eq, exists, inArray, ne, notExists, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { DbClient } from "../database";
import { type TaskRow, taskDependencyTable, taskTable } from "../schema/task";
import { inChunks } from "./chunks";
import { dependenciesOf, toTask } from "./task-mapper";
import { sqliteOf } from "../store/db";
import { type Db } from "../store/store";

/** Tasks whose `column` is one of `values`. */
function tasksWhereIn(
  db: DbClient,
  column: typeof taskTable.id | typeof taskTable.parentId,
  values: readonly string[],
): TaskRow[] {
  return inChunks(values, (chunk) => db.select().from(taskTable).where(inArray(column, chunk)).all());
}

const dependency = alias(taskTable, "dependency");
const child = alias(taskTable, "child");

/** The project's todo tasks whose dependencies are all done, and its todo parents. */
function selectFrontier(db: DbClient, projectId: string): TaskRow[] {
  return db
    .select()
    .from(taskTable)
    .where(
      and(
        eq(taskTable.projectId, projectId),
        eq(taskTable.status, "todo"),
        or(
          notExists(
            db
              .select({ one: sql`1` })
              .from(taskDependencyTable)
              .innerJoin(dependency, eq(dependency.id, taskDependencyTable.dependsOnId))
              .where(and(eq(taskDependencyTable.taskId, taskTable.id), ne(dependency.status, "done"))),
          ),
          // A parent is closed once its subtasks are, whatever it waits for itself.
          exists(
            db
              .select({ one: sql`1` })
              .from(child)
              .where(eq(child.parentId, taskTable.id)),
          ),
        ),
      ),
    )
    .all();
}

/**
 * What a scheduler pass decides about, without reading the whole project: the todo tasks whose
 * dependencies are all done and todo parents (the frontier), their dependencies and subtasks (so
 * readiness and parents are judged as with every task), and the tasks busy sessions hold.
 * Planning these gives the same starts as planning every task; a 1,000-task project costs a
 * few rows per pass instead of a thousand.
 */
export async function listFrontierTasks(
  handle: Db,
  projectId: string,
  heldTaskIds: readonly string[],
): Promise<Task[]> {
  const db = sqliteOf(handle);
  const rows = new Map(selectFrontier(db, projectId).map((row) => [row.id, row]));
  const frontierIds = [...rows.keys()];
  const deps = await dependenciesOf(handle, frontierIds);
  const more = new Set(
    [...deps.values()]
      .flat()
      .concat(heldTaskIds)
      .filter((id) => !rows.has(id)),
  );
  for (const row of tasksWhereIn(db, taskTable.id, [...more])) rows.set(row.id, row);
  for (const row of tasksWhereIn(db, taskTable.parentId, frontierIds)) {
    if (row.projectId === projectId) rows.set(row.id, row);
  }
  const allDeps = await dependenciesOf(handle, [...rows.keys()]);
  return [...rows.values()].map((row) => toTask(row, allDeps.get(row.id) ?? []));
}
