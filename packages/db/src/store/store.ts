import type { SQL } from "drizzle-orm";
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import type { DbClient, TransactionObserver } from "../database";
import type * as sqliteSchema from "../schema/index";
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

/** The tables, by the same export names in both engines' schemas (the parity test holds them equal). */
export type Tables = typeof sqliteSchema;

/**
 * The engine's drizzle database, typed as SQLite's asynchronous flavour: write builder queries
 * both dialects share and `await` them. Never `.get()`, `.all()` or `.run()` with no arguments
 * (SQLite only; lint refuses them in repositories); a select's first row is `first(query)`.
 */
export type Orm = BaseSQLiteDatabase<"async", unknown, Tables>;

/**
 * What repositories run on: an open transaction, or the store's statements outside one. `orm`
 * and `t` are the engine's own drizzle database and tables, so a query built with them encodes
 * and decodes every column the way its engine stores it.
 */
export interface Db extends StoreQueries {
  readonly dialect: Dialect;
  readonly orm: Orm;
  readonly t: Tables;
}

/**
 * An open transaction. One piece of work uses it at a time: while a savepoint of it is open, the
 * transaction itself refuses statements (they would land inside the savepoint), and once it has
 * ended every call throws.
 */
export interface StoreTransaction extends Db {
  /** Whether it has ended (committed or rolled back): a handle kept past its transaction must not be used. */
  readonly isEnded: boolean;
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
  /**
   * Statements outside a transaction, each committed on its own: for reads. On a SQLite file the
   * server's store (`outsideTransactions: "read-only"`) runs them on a second, query-only
   * connection that sees committed state only, except from inside one of the store's own
   * transactions, which reads its own writes. Elsewhere (`:memory:`, `read-write`) they share the
   * one connection without waiting for the transaction lock, and between the statements of an
   * open transaction they see that transaction's writes.
   */
  readonly db: Db;
  /** Hears how long each outermost transaction took, COMMIT included. */
  observeTransactions(observer: TransactionObserver | undefined): void;
  /** SQLite's `PRAGMA integrity_check` ("ok" when sound); PostgreSQL answers "ok". */
  integrityCheck(): Promise<string>;
  /** The SQLite file ("" on PostgreSQL): what a crash test inspects. */
  readonly path: string;
  close(): Promise<void>;
}
