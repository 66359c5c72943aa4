// A bench seed's bulk SQL (many statements in one text, run by SQLite's `exec`) goes straight to
// the connection under the store: the repositories' asynchronous Db runs one statement at a time.
import type { Store } from "@maestro/db";

export type Connection = { exec(sql: string): void };

/** The better-sqlite3 connection of a store opened on a SQLite file (bench seeds write SQLite only). */
export function sqliteConnection(store: Store): Connection {
  const { dialect } = store.db;
  if (dialect.engine !== "sqlite") throw new Error("a bench seed writes a SQLite file: this store is PostgreSQL");
  return (dialect.db as unknown as { $client: Connection }).$client;
}
