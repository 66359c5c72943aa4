import { and, eq, sql } from "drizzle-orm";
import type { DbClient } from "../database";
import { specTable } from "../schema/spec";
import { taskTable } from "../schema/task";
import { sqliteOf } from "../store/db";
import { type Db } from "../store/store";

/**
 * Source references: an imported task or spec remembers `<source>#<item id>`, so importing the
 * same source again updates what the first import created instead of adding another.
 */
type RefTable = typeof taskTable | typeof specTable;

function refsUnder(db: DbClient, table: RefTable, projectId: string, source: string): Map<string, string> {
  const prefix = `${source}#`;
  // substr, not LIKE: a source may contain `%` or `_`.
  const rows = db
    .select({ id: table.id, sourceRef: table.sourceRef })
    .from(table)
    .where(and(eq(table.projectId, projectId), sql`substr(${table.sourceRef}, 1, ${prefix.length}) = ${prefix}`))
    .all();
  return new Map(rows.map((row) => [row.sourceRef!.slice(prefix.length), row.id]));
}

/** Ids of the project's tasks a source created, by the item id within that source. */
export async function findTaskIdsOfSource(handle: Db, projectId: string, source: string): Promise<Map<string, string>> {
  const db = sqliteOf(handle);
  return refsUnder(db, taskTable, projectId, source);
}

/** Ids of the project's specs a source created, by the item id within that source. */
export async function findSpecIdsOfSource(handle: Db, projectId: string, source: string): Promise<Map<string, string>> {
  const db = sqliteOf(handle);
  return refsUnder(db, specTable, projectId, source);
}

export async function setTaskSourceRef(handle: Db, taskId: string, sourceRef: string): Promise<void> {
  const db = sqliteOf(handle);
  db.update(taskTable).set({ sourceRef }).where(eq(taskTable.id, taskId)).run();
}

export async function setSpecSourceRef(handle: Db, specId: string, sourceRef: string): Promise<void> {
  const db = sqliteOf(handle);
  db.update(specTable).set({ sourceRef }).where(eq(specTable.id, specId)).run();
}

/** `<source>#<item id>`: the one spelling of a source reference. */
export function sourceRefOf(source: string, sourceId: string): string {
  return `${source}#${sourceId}`;
}
