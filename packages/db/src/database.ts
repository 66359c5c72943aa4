import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { createRequire } from "node:module";
import type { RunResult } from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import { shareQueries } from "./prepared";
import * as schema from "./schema/index";
import { CachingConnection } from "./statement-cache";

export type Schema = typeof schema;
/**
 * A database handle or an open transaction: repositories accept either. Open transactions with
 * Database.transaction and savepoint(), which let them share the database's built queries.
 */
export type DbClient = BaseSQLiteDatabase<"sync", RunResult, Schema>;

export interface Database {
  db: DbClient;
  /** The file it lives in, or ":memory:". */
  path: string;
  close(): void;
  /**
   * Runs `fn` in one IMMEDIATE transaction: it commits when `fn` returns and rolls back when it
   * throws. Called while a transaction is open (a group commit), it is a savepoint of it instead.
   */
  transaction<T>(fn: (tx: DbClient) => T): T;
  /** Whether a transaction is open: SQLite may end one itself when a write fails (a full disk, an I/O error). */
  isInTransaction(): boolean;
  /** `PRAGMA integrity_check`; "ok" when the file is sound. */
  integrityCheck(): string;
  /** Hears how long each outermost transaction took, COMMIT included (savepoints are part of theirs). */
  observeTransactions(observer: TransactionObserver | undefined): void;
}

/** Seconds from BEGIN to COMMIT (or ROLLBACK: `committed` false). */
export type TransactionObserver = (seconds: number, committed: boolean) => void;

// Resolved through the package name, so the bundled CLI finds the same committed migrations.
const MIGRATIONS_DIR = dirname(dirname(createRequire(import.meta.url).resolve("@maestro/db/migrations")));

export interface OpenDatabaseOptions {
  /** A file path, or ":memory:" for tests. */
  path: string;
}

/**
 * Opens (creating if needed) the database and applies the committed migrations.
 * WAL keeps readers off the writer's back; synchronous=FULL makes a commit durable before it is
 * acknowledged, so a crash loses nothing a client was told succeeded.
 */
export function openDatabase({ path }: OpenDatabaseOptions): Database {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new CachingConnection(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  const db = drizzle({ client: sqlite, schema });
  migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  sqlite.startCaching();
  let observer: TransactionObserver | undefined;
  const run = <T>(fn: (tx: DbClient) => T): T =>
    db.transaction(
      (tx) => {
        shareQueries(db, tx);
        return fn(tx);
      },
      { behavior: "immediate" },
    );
  return {
    db,
    path,
    close: () => sqlite.close(),
    transaction: (fn) => (observer && !sqlite.inTransaction ? timed(run, fn, observer) : run(fn)),
    observeTransactions: (next) => (observer = next),
    isInTransaction: () => sqlite.inTransaction,
    integrityCheck: () => String(sqlite.pragma("integrity_check", { simple: true })),
  };
}

/** Two clock reads per transaction: the cost of knowing how long the write path holds the database. */
function timed<T>(run: (fn: (tx: DbClient) => T) => T, fn: (tx: DbClient) => T, observer: TransactionObserver): T {
  const start = performance.now();
  let committed = false;
  try {
    const result = run(fn);
    committed = true;
    return result;
  } finally {
    observer((performance.now() - start) / 1000, committed);
  }
}

/**
 * Runs `fn` in a savepoint of the caller's transaction: it is undone (and the error rethrown)
 * when `fn` throws, while the outer transaction carries on.
 */
export function savepoint<T>(tx: DbClient, fn: (savepoint: DbClient) => T): T {
  return tx.transaction((inner) => {
    shareQueries(tx, inner);
    return fn(inner);
  });
}
