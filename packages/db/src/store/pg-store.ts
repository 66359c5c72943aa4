import { createRequire } from "node:module";
import { dirname } from "node:path";
import type { SQL } from "drizzle-orm";
import { type NodePgDatabase, drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import { PgDialect } from "drizzle-orm/pg-core";
import pg from "pg";
import * as pgSchema from "../schema-pg/index";
import { type Executor, ScopedTransaction, dbOver, queriesOver } from "./savepoints";
import type { TransactionObserver } from "../database";
import type { Store } from "./store";
import { asDomainError, driverErrorOf } from "./unique-keys";
import { encodeParam } from "./values";

const dialect = new PgDialect();

// Resolved through the package name, like the SQLite migrations (database.ts).
const PG_MIGRATIONS_DIR = dirname(dirname(createRequire(import.meta.url).resolve("@maestro/db/pg-migrations")));

/** Held while migrating, so instances starting together migrate one after another. */
const MIGRATION_LOCK = 0x6d61_6573; // "maes"

export interface OpenPgStoreOptions {
  /** postgres://user:password@host:port/database */
  url: string;
  /** Connections in the pool: at most this many transactions run at once. */
  maxConnections?: number;
}

/**
 * Opens a pool on the database and applies the committed PostgreSQL migrations (drizzle-pg/).
 * Each transaction has a connection of its own; rows are arbitrated by PostgreSQL (row locks,
 * READ COMMITTED), so concurrent transactions need no lock of ours.
 */
export async function openPgStore({ url, maxConnections = 10 }: OpenPgStoreOptions): Promise<Store> {
  const pool = new pg.Pool({ connectionString: url, max: maxConnections });
  // An idle connection that breaks (a server restart) is dropped by the pool; without a listener
  // its error would end the process.
  pool.on("error", () => undefined);
  try {
    await assertBinaryCollation(pool);
    await migratePg(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  let observer: TransactionObserver | undefined;
  const timed = async <T>(fn: Parameters<Store["transaction"]>[0]): Promise<T> => {
    if (!observer) return retried<T>(pool, fn);
    const start = performance.now();
    let committed = false;
    try {
      const result = await retried<T>(pool, fn);
      committed = true;
      return result;
    } finally {
      observer?.((performance.now() - start) / 1000, committed);
    }
  };
  return {
    engine: "postgres",
    path: "",
    db: dbOver(
      { engine: "postgres", db: drizzle({ client: pool, schema: pgSchema, casing: "snake_case" }) },
      executorOf(pool),
    ),
    transaction: async (fn) => {
      try {
        return await timed(fn);
      } catch (error) {
        throw asDomainError(error);
      }
    },
    read: (fn) => fn(queriesOver("postgres", executorOf(pool))),
    observeTransactions: (next) => (observer = next),
    integrityCheck: async () => "ok",
    close: () => pool.end(),
  };
}

/** Times a transaction is tried when PostgreSQL aborts it to break a deadlock (40P01) or a serialization conflict (40001). */
const ATTEMPTS = 4;

/**
 * Runs the transaction again, from the start, when PostgreSQL chose it as the victim of a
 * deadlock: nothing of the aborted attempt was committed, and the work is in `fn` alone. A unique
 * violation is never retried: the row that won is committed, and a retry would only lose again.
 */
async function retried<T>(pool: pg.Pool, fn: Parameters<Store["transaction"]>[0]): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await inTransaction<T>(pool, fn);
    } catch (error) {
      // drizzle wraps the driver's error (DrizzleQueryError): the code is on its cause.
      const code = driverErrorOf(error)?.code;
      if (attempt >= ATTEMPTS || (code !== "40P01" && code !== "40001")) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
    }
  }
}

async function inTransaction<T>(pool: pg.Pool, fn: Parameters<Store["transaction"]>[0]): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  let isRolledBack = false;
  try {
    await client.query("BEGIN");
    const tx = new ScopedTransaction({ engine: "postgres", db: drizzleOf(client) }, executorOf(client));
    try {
      const result = (await fn(tx)) as T;
      tx.end();
      await client.query("COMMIT");
      return result;
    } catch (error) {
      tx.end();
      await client.query("ROLLBACK").then(
        () => (isRolledBack = true),
        (rollbackError: Error) => (broken = rollbackError),
      );
      throw error;
    }
  } catch (error) {
    // Rolled back on it: the connection answered and is idle again, whatever `fn` threw.
    if (!isRolledBack) broken ??= isConnectionError(error) ? (error as Error) : undefined;
    throw error;
  } finally {
    // A connection whose state is unknown (ROLLBACK failed, the socket broke) is not reused.
    client.release(broken);
  }
}

function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code !== "string" || code.startsWith("08") || code === "57P01";
}

type PgDrizzle = NodePgDatabase<typeof pgSchema>;

const drizzles = new WeakMap<pg.PoolClient, PgDrizzle>();

/** The pool hands out the same client objects again: one drizzle handle each. */
function drizzleOf(client: pg.PoolClient): PgDrizzle {
  let db = drizzles.get(client);
  if (!db) drizzles.set(client, (db = drizzle({ client, schema: pgSchema, casing: "snake_case" })));
  return db;
}

/**
 * Type parsers for the plain-SQL path: counts and sums (bigint, numeric) as numbers, not the
 * strings pg gives by default. A bigint past 2^53 would lose digits, so it throws instead.
 */
const TYPES = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === pg.types.builtins.INT8) return parseSafeInteger;
    if (oid === pg.types.builtins.NUMERIC) return Number;
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

function parseSafeInteger(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`bigint ${text} does not fit a JavaScript number`);
  return value;
}

function executorOf(client: pg.Pool | pg.PoolClient): Executor {
  const send = async (query: SQL) => {
    const { sql: text, params } = dialect.sqlToQuery(query);
    return client.query({ text, values: params.map((value) => encodeParam("postgres", value)), types: TYPES });
  };
  return {
    all: async (query) => (await send(query)).rows as Record<string, unknown>[],
    run: async (query) => (await send(query)).rowCount ?? 0,
  };
}

/**
 * Keys and ranks are ordered as SQLite orders them, byte by byte: a database whose collation
 * follows a language (en_US.UTF-8 sorts "a-2" and "A1" its own way) would order them differently.
 */
async function assertBinaryCollation(pool: pg.Pool): Promise<void> {
  // datlocprovider: "c" is libc's collation (datcollate); "i" an ICU locale, which follows a language.
  const { rows } = await pool.query<{ collation: string; provider: string }>(
    "SELECT datcollate AS collation, datlocprovider AS provider FROM pg_database WHERE datname = current_database()",
  );
  const { collation = "", provider = "c" } = rows[0] ?? {};
  if (provider === "c" && ["C", "POSIX", "C.UTF-8", "C.utf8"].includes(collation)) return;
  throw new Error(
    `the database's collation is "${provider === "i" ? "ICU" : collation}": Maestro needs "C" (CREATE DATABASE … LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0)`,
  );
}

async function migratePg(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    try {
      await migrate(drizzle({ client, schema: pgSchema }), { migrationsFolder: PG_MIGRATIONS_DIR });
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}
