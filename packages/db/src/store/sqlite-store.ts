import { AsyncLocalStorage } from "node:async_hooks";
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
import { CachingConnection } from "../statement-cache";
import { Mutex } from "./mutex";
import { type Executor, ScopedTransaction, queriesOver, tablesOf } from "./savepoints";
import type { Db, Dialect, Orm, Store } from "./store";
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
   *
   * On a file, `read-only` also gives those reads a second, query-only connection: the writer's
   * connection is inside whichever transaction is open (awaiting between its statements), and a
   * read there would show writes that may roll back or are not durable yet. `:memory:` cannot
   * have a second connection to the same database, so there reads share the one connection.
   */
  outsideTransactions?: "read-only" | "read-write";
}

export function openSqliteStore({ outsideTransactions = "read-write", ...options }: OpenSqliteStoreOptions): Store {
  const database = openDatabase(options);
  const hasReader = outsideTransactions === "read-only" && options.path !== ":memory:";
  return sqliteStore(database, { outsideTransactions, reader: hasReader ? openReader(options.path) : undefined });
}

/**
 * A second connection to the file for reads outside transactions. In WAL mode it sees only what
 * was committed; `query_only` makes any write on it fail. Opened after the writer migrated.
 */
function openReader(path: string): CachingConnection {
  const reader = new CachingConnection(path);
  reader.pragma("busy_timeout = 5000");
  reader.pragma("query_only = ON");
  reader.startCaching();
  return reader;
}

/**
 * A Store over an open SQLite database. better-sqlite3 has one connection and one transaction at
 * a time, and a transaction that awaits would let any other work on the connection run inside it:
 * so every transaction and read holds a FIFO mutex from BEGIN to COMMIT. Do not also use the
 * database's synchronous `transaction` while a store transaction may be open.
 */
export function sqliteStore(
  database: Database,
  {
    outsideTransactions = "read-write",
    reader,
  }: Pick<OpenSqliteStoreOptions, "outsideTransactions"> & { reader?: BetterSqlite3.Database } = {},
): Store {
  const connection = (database.db as unknown as { $client: BetterSqlite3.Database }).$client;
  const mutex = new Mutex();
  // The store's transaction the running code is inside of, carried across its awaits.
  const openTransaction = new AsyncLocalStorage<{ isEnded: boolean }>();
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
  // Statements outside a transaction: on the writer's connection (refusing writes in read-only
  // mode), and, given a reader, on it, except from inside one of this store's transactions,
  // which must see its own writes (a verb reading back what it wrote before its group commits).
  const own = isReadOnly ? sideOver(readOnlyView(connection)) : { dialect, executor };
  const outside = reader ? sideOver(reader) : own;
  const isInside = () => openTransaction.getStore()?.isEnded === false;
  const side = reader ? () => (isInside() ? own : outside) : () => own;
  return {
    engine: "sqlite",
    path: database.path,
    db: routedDb(side),
    transaction: (fn) =>
      mutex.run(async () => {
        const start = observer ? performance.now() : 0;
        let committed = false;
        connection.exec("BEGIN IMMEDIATE");
        const tx = new ScopedTransaction(dialect, txExecutor);
        const state = { isEnded: false };
        try {
          const result = await openTransaction.run(state, () => fn(tx));
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
          state.isEnded = true;
          observer?.((performance.now() - start) / 1000, committed);
        }
      }),
    read: (fn) => mutex.run(() => fn(queriesOver("sqlite", executor))),
    observeTransactions: (next) => (observer = next),
    integrityCheck: async () => database.integrityCheck(),
    close: () =>
      mutex.run(async () => {
        // The writer last: the last connection to close checkpoints the WAL into the file.
        reader?.close();
        database.close();
      }),
  };
}

/** Where statements outside a transaction run: a drizzle handle and an executor over one connection. */
interface Side {
  dialect: Dialect & { engine: "sqlite" };
  executor: Executor;
}

function sideOver(client: BetterSqlite3.Database): Side {
  return {
    dialect: { engine: "sqlite", db: drizzle({ client, schema }) as unknown as DbClient },
    executor: {
      all: async (query) => {
        const [statement, params] = prepare(client, query);
        return statement.all(...params) as Record<string, unknown>[];
      },
      run: async (query) => {
        const [statement, params] = prepare(client, query);
        return statement.run(...params).changes;
      },
    },
  };
}

/**
 * A Db whose connection is chosen per use: `dialect` and `orm` are read when a query is built,
 * so `hot()` (keyed by the dialect's handle) keeps each connection's statements apart.
 */
function routedDb(side: () => Side): Db {
  const queries = queriesOver("sqlite", {
    all: (query) => side().executor.all(query),
    run: (query) => side().executor.run(query),
  });
  return {
    ...queries,
    get dialect() {
      return side().dialect;
    },
    get orm() {
      return side().dialect.db as unknown as Orm;
    },
    t: tablesOf("sqlite"),
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
