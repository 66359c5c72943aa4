import type { DbClient } from "./database";

/** One map of built queries per drizzle session (a database and its transactions share one). */
const queriesBySession = new WeakMap<object, Map<string, unknown>>();

/**
 * A hot query, built once: drizzle otherwise rebuilds the SQL text on every call, which costs
 * more CPU than SQLite spends running most of these. `build` uses `sql.placeholder` for every
 * value that varies and ends in `.prepare()`; `name` must be unique per query shape.
 * A query built inside a transaction runs on the same connection as the database's, so it is
 * kept for later calls, in or out of transactions.
 */
export function prepared<Query>(db: DbClient, name: string, build: () => Query): Query {
  // drizzle keeps the session (connection and dialect) on the database and on its transactions.
  const session = (db as unknown as { session: object }).session;
  let queries = queriesBySession.get(session);
  if (!queries) queriesBySession.set(session, (queries = new Map()));
  let query = queries.get(name) as Query | undefined;
  if (!query) queries.set(name, (query = build()));
  return query;
}
