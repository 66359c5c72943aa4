import type { Task } from "@maestro/domain";
import { and, eq, exists, inArray, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { TaskRow } from "../schema/task";
import { type Db } from "../store/store";
import { readInChunks } from "./chunks";
import { dependenciesOf, toTask } from "./task-mapper";

/** Tasks whose `column` ("id" or "parentId") is one of `values`. */
async function tasksWhereIn(db: Db, column: "id" | "parentId", values: readonly string[]): Promise<TaskRow[]> {
  const { taskTable } = db.t;
  return await readInChunks(values, (chunk) =>
    db.orm.select().from(taskTable).where(inArray(taskTable[column], chunk)),
  );
}

/** The project's todo tasks whose dependencies are all done, and its todo parents. */
async function selectFrontier(db: Db, projectId: string): Promise<TaskRow[]> {
  const { taskTable } = db.t;
  const child = alias(taskTable, "child");
  return await db.orm
    .select()
    .from(taskTable)
    .where(
      and(
        eq(taskTable.projectId, projectId),
        eq(taskTable.status, "todo"),
        or(
          // Every dependency done, as the triggers keep it.
          eq(taskTable.pendingDependencies, 0),
          // A parent is closed once its subtasks are, whatever it waits for itself.
          exists(
            db.orm
              .select({ one: sql`1` })
              .from(child)
              .where(eq(child.parentId, taskTable.id)),
          ),
        ),
      ),
    );
}

/**
 * What a scheduler pass decides about, without reading the whole project: the todo tasks whose
 * dependencies are all done and todo parents (the frontier), their dependencies and subtasks (so
 * readiness and parents are judged as with every task), and the tasks busy sessions hold.
 * Planning these gives the same starts as planning every task; a 1,000-task project costs a
 * few rows per pass instead of a thousand.
 */
export async function listFrontierTasks(db: Db, projectId: string, heldTaskIds: readonly string[]): Promise<Task[]> {
  const rows = new Map((await selectFrontier(db, projectId)).map((row) => [row.id, row]));
  const frontierIds = [...rows.keys()];
  const deps = await dependenciesOf(db, frontierIds);
  const more = new Set(
    [...deps.values()]
      .flat()
      .concat(heldTaskIds)
      .filter((id) => !rows.has(id)),
  );
  for (const row of await tasksWhereIn(db, "id", [...more])) rows.set(row.id, row);
  for (const row of await tasksWhereIn(db, "parentId", frontierIds)) {
    if (row.projectId === projectId) rows.set(row.id, row);
  }
  const allDeps = await dependenciesOf(db, [...rows.keys()]);
  return [...rows.values()].map((row) => toTask(row, allDeps.get(row.id) ?? []));
}
