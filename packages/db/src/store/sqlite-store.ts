import type BetterSqlite3 from "better-sqlite3";
import type { SQL } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import * as schema from "../schema/index";
import {
  type Database,
  type DbClient,
  type OpenDatabaseOptions,
  type TransactionObserver,
  openDatabase,
} from "../database";
import { Mutex } from "./mutex";
import { type Executor, ScopedTransaction, dbOver, queriesOver } from "./savepoints";
import type { Store } from "./store";
import { asDomainError } from "./unique-keys";
import { encodeParam } from "./values";

const dialect = new SQLiteSyncDialect();

/** Opens the SQLite file (migrations applied, as openDatabase) as an asynchronous Store. */
export interface OpenSqliteStoreOptions extends OpenDatabaseOptions {
  /**
   * `read-only` (what the server uses): statements outside a transaction may only read. There is
   * one connection, and a write sent while another piece of work's transaction is open (awaiting
   * between its statements) would become part of that transaction, and be lost with it if it
   * rolled back; so every write must go through `transaction`, and one that does not is refused,
   * naming it. `read-write` (the default) lets a script or a test that does one thing at a time
   * write without a transaction.
   */
  outsideTransactions?: "read-only" | "read-write";
}

export function openSqliteStore({ outsideTransactions = "read-write", ...options }: OpenSqliteStoreOptions): Store {
  return sqliteStore(openDatabase(options), { outsideTransactions });
}

/**
 * A Store over an open SQLite database. better-sqlite3 has one connection and one transaction at
 * a time, and a transaction that awaits would let any other work on the connection run inside it:
 * so every transaction and read holds a FIFO mutex from BEGIN to COMMIT. Do not also use the
 * database's synchronous `transaction` while a store transaction may be open.
 */
export function sqliteStore(
  database: Database,
  { outsideTransactions = "read-write" }: Pick<OpenSqliteStoreOptions, "outsideTransactions"> = {},
): Store {
  const connection = (database.db as unknown as { $client: BetterSqlite3.Database }).$client;
  const mutex = new Mutex();
  let observer: TransactionObserver | undefined;
  const executor: Executor = {
    all: async (query) => {
      const [statement, params] = prepare(connection, query);
      return statement.all(...params) as Record<string, unknown>[];
    },
    run: async (query) => {
      const [statement, params] = prepare(connection, query);
      return statement.run(...params).changes;
    },
  };
  // A transaction's statements: SQLite may have rolled the transaction back by itself (a full
  // disk, an I/O error); what came after would run on its own and commit, so it is refused.
  const assertInTransaction = () => {
    if (!connection.inTransaction) {
      throw new Error("SQLite ended this transaction after an error: nothing more can be written in it");
    }
  };
  const txExecutor: Executor = {
    all: (query) => (assertInTransaction(), executor.all(query)),
    run: (query) => (assertInTransaction(), executor.run(query)),
  };
  const dialect = { engine: "sqlite", db: database.db } as const;
  const isReadOnly = outsideTransactions === "read-only";
  const reads = isReadOnly ? readOnlyView(connection) : connection;
  // Its own drizzle handle only when it must refuse writes: otherwise it shares the built queries.
  const readDialect = isReadOnly
    ? ({ engine: "sqlite", db: drizzle({ client: reads, schema }) as unknown as DbClient } as const)
    : dialect;
  return {
    engine: "sqlite",
    path: database.path,
    db: dbOver(readDialect, {
      all: async (query) => {
        const [statement, params] = prepare(reads, query);
        return statement.all(...params) as Record<string, unknown>[];
      },
      run: async (query) => {
        const [statement, params] = prepare(reads, query);
        return statement.run(...params).changes;
      },
    }),
    transaction: (fn) =>
      mutex.run(async () => {
        const start = observer ? performance.now() : 0;
        let committed = false;
        connection.exec("BEGIN IMMEDIATE");
        const tx = new ScopedTransaction(dialect, txExecutor);
        try {
          const result = await fn(tx);
          tx.end();
          connection.exec("COMMIT");
          committed = true;
          return result;
        } catch (error) {
          tx.end();
          // SQLite may have ended the transaction itself (a full disk, an I/O error).
          if (connection.inTransaction) connection.exec("ROLLBACK");
          throw asDomainError(error);
        } finally {
          observer?.((performance.now() - start) / 1000, committed);
        }
      }),
    read: (fn) => mutex.run(() => fn(queriesOver("sqlite", executor))),
    observeTransactions: (next) => (observer = next),
    integrityCheck: async () => database.integrityCheck(),
    close: () => mutex.run(async () => database.close()),
  };
}

/** The connection as statements outside a transaction see it when they may only read. */
function readOnlyView(connection: BetterSqlite3.Database): BetterSqlite3.Database {
  return new Proxy(connection, {
    get(target, property) {
      if (property === "prepare") {
        return (source: string) => {
          const statement = target.prepare(source);
          if (!statement.readonly) {
            throw new Error(`A write outside a transaction (use store.transaction): ${source.slice(0, 80)}`);
          }
          return statement;
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Prepared through the connection's statement cache (statement-cache.ts): the SQL text repeats. */
function prepare(connection: BetterSqlite3.Database, query: SQL): [BetterSqlite3.Statement, unknown[]] {
  const { sql: text, params } = dialect.sqlToQuery(query);
  return [connection.prepare(text), params.map((value) => encodeParam("sqlite", value))];
}
