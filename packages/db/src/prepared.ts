import type { DbClient } from "./database";

type Queries = Map<string, unknown>;

/** Built queries by client: a database and every transaction opened on it share one map. */
const queriesByClient = new WeakMap<DbClient, Queries>();

function queriesOf(db: DbClient): Queries {
  let queries = queriesByClient.get(db);
  if (!queries) queriesByClient.set(db, (queries = new Map()));
  return queries;
}

/**
 * `inner`, a transaction or savepoint opened on `outer`, runs on outer's connection, so a query
 * built on either serves both (a built query holds a statement of the connection, not of a
 * transaction). A transaction nobody registered still works; it just builds its queries again.
 */
export function shareQueries(outer: DbClient, inner: DbClient): void {
  queriesByClient.set(inner, queriesOf(outer));
}

/**
 * A hot query, built once: drizzle otherwise rebuilds the SQL text on every call, which costs
 * more CPU than SQLite spends running most of these. `build` uses `sql.placeholder` for every
 * value that varies and ends in `.prepare()`; `name` must be unique per query shape.
 */
export function prepared<Query>(db: DbClient, name: string, build: () => Query): Query {
  const queries = queriesOf(db);
  let query = queries.get(name) as Query | undefined;
  if (!query) queries.set(name, (query = build()));
  return query;
}
