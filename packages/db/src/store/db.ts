import { createHash } from "node:crypto";
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

/** A query built with `sql.placeholder` for every value that varies, run with those values. */
export interface HotQuery<Row> {
  all(params: Record<string, unknown>): Promise<Row[]>;
  get(params: Record<string, unknown>): Promise<Row | undefined>;
  /** Runs a write; answers how many rows it changed. */
  run(params: Record<string, unknown>): Promise<number>;
}

interface Preparable {
  prepare(name?: string): unknown;
}

type SqlitePrepared = { all(p: unknown): unknown[]; get(p: unknown): unknown; run(p: unknown): { changes: number } };
type PgPrepared = { execute(p: unknown): Promise<unknown> };

const hotQueries = new WeakMap<object, Map<string, unknown>>();

/**
 * A hot query, built once per connection: drizzle otherwise rebuilds the SQL text on every call,
 * which costs more CPU than SQLite spends running most of these. `build` returns the unprepared
 * builder over `db.orm` and `db.t`; `name` must be unique per query shape (on PostgreSQL it is
 * also the prepared statement's name on each connection).
 */
export function hot<Row>(db: Db, name: string, build: () => Preparable): HotQuery<Row> {
  const key = db.dialect.db as object;
  let queries = hotQueries.get(key);
  if (!queries) hotQueries.set(key, (queries = new Map()));
  let query = queries.get(name) as HotQuery<Row> | undefined;
  if (!query) queries.set(name, (query = db.engine === "sqlite" ? sqliteHot<Row>(build) : pgHot<Row>(name, build)));
  return query;
}

function sqliteHot<Row>(build: () => Preparable): HotQuery<Row> {
  const prepared = build().prepare() as SqlitePrepared;
  return {
    all: async (params) => prepared.all(params) as Row[],
    get: async (params) => prepared.get(params) as Row | undefined,
    run: async (params) => prepared.run(params).changes,
  };
}

function pgHot<Row>(name: string, build: () => Preparable): HotQuery<Row> {
  const prepared = build().prepare(pgStatementName(name)) as PgPrepared;
  return {
    all: async (params) => (await prepared.execute(params)) as Row[],
    get: async (params) => ((await prepared.execute(params)) as Row[])[0],
    run: async (params) => changedRows(await prepared.execute(params)),
  };
}

/**
 * A prepared statement's name on PostgreSQL, which cuts names at 63 bytes: two long names that
 * begin alike would otherwise collide ("prepared statement already exists"). Long ones are hashed.
 */
export function pgStatementName(name: string): string {
  const plain = name.replace(/[^a-zA-Z0-9_]/g, "_");
  if (plain.length <= 63) return plain;
  return `${plain.slice(0, 30)}_${createHash("sha256").update(name).digest("hex").slice(0, 32)}`;
}
