import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { createRequire } from "node:module";
import Database from "better-sqlite3";
import type { RunResult } from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import * as schema from "./schema/index";

export type Schema = typeof schema;
/** A database handle or an open transaction: repositories accept either. */
export type DbClient = BaseSQLiteDatabase<"sync", RunResult, Schema>;

export interface Database {
  db: DbClient;
  /** The file it lives in, or ":memory:". */
  path: string;
  close(): void;
  /** Runs `fn` in one IMMEDIATE transaction: it commits when `fn` returns and rolls back when it throws. */
  transaction<T>(fn: (tx: DbClient) => T): T;
  /** `PRAGMA integrity_check`; "ok" when the file is sound. */
  integrityCheck(): string;
}

// Resolved through the package name, so the bundled CLI finds the same committed migrations.
const MIGRATIONS_DIR = dirname(dirname(createRequire(import.meta.url).resolve("@maestro/db/migrations")));

/** Distinct SQL texts kept prepared; drizzle's queries are few and repeat (ids are parameters). */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Drizzle prepares every query anew, and preparing costs more than running most of ours. The
 * statements are cached by their SQL text: drizzle runs them with all/get/run/values (never an
 * open iterator), so one statement can safely serve every call of the same query once its row
 * mode is reset.
 */
function cacheStatements(sqlite: Database.Database): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (statement) {
      // Least recently used goes first when the cache is full.
      cache.delete(source);
      // drizzle switches a statement to raw (array) rows when it maps fields itself; a plain
      // sql`` query of the same text expects objects again.
      if (statement.reader) statement.raw(false);
    } else {
      statement = prepare(source);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
    cache.set(source, statement);
    return statement;
  }) as typeof sqlite.prepare;
}

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
  const sqlite = new Database(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  // After migrating: DDL invalidates statements, and migrations run once.
  cacheStatements(sqlite);
  return {
    db,
    path,
    close: () => sqlite.close(),
    transaction: (fn) => db.transaction(fn, { behavior: "immediate" }),
    integrityCheck: () => String(sqlite.pragma("integrity_check", { simple: true })),
  };
}
