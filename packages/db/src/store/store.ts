import type { SQL } from "drizzle-orm";
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import type { DbClient } from "../database";
import type * as pgSchema from "../schema-pg/index";

export type Engine = "sqlite" | "postgres";

/** The dialect's own drizzle handle, for queries its builder writes better than plain SQL. */
export type Dialect = { engine: "sqlite"; db: DbClient } | { engine: "postgres"; db: NodePgDatabase<typeof pgSchema> };

/**
 * Statements written once for both engines with drizzle's `sql` tag: `${value}` becomes a bound
 * parameter (`?` on SQLite, `$1` on PostgreSQL), `${table}` and `${column}` quoted names. Rows come
 * back as the driver gives them (column names as keys; see the decision for the value types).
 */
export interface StoreQueries {
  readonly engine: Engine;
  all<Row = Record<string, unknown>>(query: SQL): Promise<Row[]>;
  get<Row = Record<string, unknown>>(query: SQL): Promise<Row | undefined>;
  /** Runs a statement; answers how many rows it changed. */
  run(query: SQL): Promise<number>;
}

/**
 * An open transaction. One piece of work uses it at a time: while a savepoint of it is open, the
 * transaction itself refuses statements (they would land inside the savepoint), and once it has
 * ended every call throws.
 */
export interface StoreTransaction extends StoreQueries {
  readonly dialect: Dialect;
  /**
   * Runs `fn` in a savepoint: when `fn` throws (or rejects), its writes are undone and the error
   * rethrown while this transaction carries on; otherwise they become part of it.
   */
  savepoint<T>(fn: (savepoint: StoreTransaction) => Promise<T>): Promise<T>;
}

export interface Store {
  readonly engine: Engine;
  /**
   * Runs `fn` in one transaction: COMMIT when it resolves, ROLLBACK when it rejects. SQLite runs
   * one transaction at a time on its one connection (the others wait their turn); PostgreSQL runs
   * each on a connection of its own from the pool, READ COMMITTED, the engine arbitrating rows.
   */
  transaction<T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T>;
  /** Reads outside a transaction: each statement sees what was committed when it ran. */
  read<T>(fn: (queries: StoreQueries) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
