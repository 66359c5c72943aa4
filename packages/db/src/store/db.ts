import type { DbClient } from "../database";
import type { Db } from "./store";

/**
 * The SQLite handle under a Db, for a repository not yet written for both engines. On
 * PostgreSQL it throws, naming the gap, rather than run SQLite's SQL there.
 */
export function sqliteOf(db: Db): DbClient {
  if (db.dialect.engine !== "sqlite") {
    throw new Error("This repository is written for SQLite only and cannot run on PostgreSQL yet");
  }
  return db.dialect.db;
}

/** A select's first row, on either engine (SQLite's `.get()` does not exist on PostgreSQL). */
export async function first<Row>(query: { limit(count: number): PromiseLike<Row[]> }): Promise<Row | undefined> {
  return (await query.limit(1))[0];
}

/** How many rows an awaited update or delete changed: SQLite answers `changes`, PostgreSQL `rowCount`. */
export function changedRows(result: unknown): number {
  const { changes, rowCount } = result as { changes?: number; rowCount?: number | null };
  return changes ?? rowCount ?? 0;
}
