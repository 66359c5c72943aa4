import { and, eq, sql } from "drizzle-orm";
import { type Db, type Tables } from "../store/store";

/**
 * Source references: an imported task or spec remembers `<source>#<item id>`, so importing the
 * same source again updates what the first import created instead of adding another.
 */
type RefTable = Tables["taskTable"] | Tables["specTable"];

async function refsUnder(db: Db, table: RefTable, projectId: string, source: string): Promise<Map<string, string>> {
  const prefix = `${source}#`;
  // substr, not LIKE: a source may contain `%` or `_` (and LIKE folds case on SQLite only).
  // Both engines count characters, not bytes, in substr and in a JavaScript string's length
  // (outside the BMP they differ: compare by the code points' count).
  const rows = await db.orm
    .select({ id: table.id, sourceRef: table.sourceRef })
    .from(table)
    .where(and(eq(table.projectId, projectId), sql`substr(${table.sourceRef}, 1, ${[...prefix].length}) = ${prefix}`));
  return new Map(rows.map((row) => [row.sourceRef!.slice(prefix.length), row.id]));
}

/** Ids of the project's tasks a source created, by the item id within that source. */
export async function findTaskIdsOfSource(db: Db, projectId: string, source: string): Promise<Map<string, string>> {
  return await refsUnder(db, db.t.taskTable, projectId, source);
}

/** Ids of the project's specs a source created, by the item id within that source. */
export async function findSpecIdsOfSource(db: Db, projectId: string, source: string): Promise<Map<string, string>> {
  return await refsUnder(db, db.t.specTable, projectId, source);
}

export async function setTaskSourceRef(db: Db, taskId: string, sourceRef: string): Promise<void> {
  const { taskTable } = db.t;
  await db.orm.update(taskTable).set({ sourceRef }).where(eq(taskTable.id, taskId));
}

export async function setSpecSourceRef(db: Db, specId: string, sourceRef: string): Promise<void> {
  const { specTable } = db.t;
  await db.orm.update(specTable).set({ sourceRef }).where(eq(specTable.id, specId));
}

/** `<source>#<item id>`: the one spelling of a source reference. */
export function sourceRefOf(source: string, sourceId: string): string {
  return `${source}#${sourceId}`;
}
