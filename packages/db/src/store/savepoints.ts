import { type SQL, sql } from "drizzle-orm";
import * as sqliteSchema from "../schema/index";
import * as pgSchema from "../schema-pg/index";
import type { Db, Dialect, Engine, Orm, StoreQueries, StoreTransaction, Tables } from "./store";
import { asDomainError } from "./unique-keys";

/** The engine's tables under the names both schemas share. */
export function tablesOf(engine: Engine): Tables {
  return (engine === "sqlite" ? sqliteSchema : pgSchema) as unknown as Tables;
}

/** How an engine runs one statement on the transaction's connection. */
export interface Executor {
  all(query: SQL): Promise<Record<string, unknown>[]>;
  run(query: SQL): Promise<number>;
}

/** State shared by a transaction and its savepoints: the next savepoint's number. */
interface Shared {
  nextSavepoint: number;
}

/**
 * A transaction (or savepoint) handle over `executor`: statements are refused while a savepoint
 * of it is open or after it ended, so a forgotten `await` cannot write into the wrong scope.
 */
export class ScopedTransaction implements StoreTransaction {
  readonly engine: Engine;
  readonly orm: Orm;
  readonly t: Tables;
  private child = false;
  private ended = false;

  constructor(
    readonly dialect: Dialect,
    private readonly executor: Executor,
    private readonly shared: Shared = { nextSavepoint: 1 },
  ) {
    this.engine = dialect.engine;
    this.orm = dialect.db as unknown as Orm;
    this.t = tablesOf(dialect.engine);
  }

  get isEnded(): boolean {
    return this.ended;
  }

  async all<Row>(query: SQL): Promise<Row[]> {
    this.assertUsable();
    return (await this.executor.all(query)) as Row[];
  }

  async get<Row>(query: SQL): Promise<Row | undefined> {
    return (await this.all<Row>(query))[0];
  }

  run(query: SQL): Promise<number> {
    this.assertUsable();
    return this.executor.run(query);
  }

  async savepoint<T>(fn: (savepoint: StoreTransaction) => Promise<T>): Promise<T> {
    this.assertUsable();
    const name = sql.raw(`sp_${this.shared.nextSavepoint++}`);
    await this.executor.run(sql`SAVEPOINT ${name}`);
    const inner = new ScopedTransaction(this.dialect, this.executor, this.shared);
    this.child = true;
    try {
      const result = await fn(inner);
      await this.executor.run(sql`RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (error) {
      await this.undo(name);
      throw asDomainError(error);
    } finally {
      inner.end();
      this.child = false;
    }
  }

  /**
   * Undoes a savepoint's writes. If that fails too (SQLite rolled the whole transaction back on a
   * full disk), the savepoint's own error is the one worth reporting; the COMMIT will fail.
   */
  private async undo(name: SQL): Promise<void> {
    try {
      await this.executor.run(sql`ROLLBACK TO SAVEPOINT ${name}`);
      await this.executor.run(sql`RELEASE SAVEPOINT ${name}`);
    } catch {
      // Reported by the transaction's end instead.
    }
  }

  /** Called by the store when its transaction (or savepoint) is over. */
  end(): void {
    this.ended = true;
  }

  private assertUsable(): void {
    if (this.ended) throw new Error("This transaction has ended: a statement came after its COMMIT or ROLLBACK.");
    if (this.child) throw new Error("A savepoint of this transaction is open: use its handle until it ends.");
  }
}

/** A Db whose statements run outside any transaction, each on its own. */
export function dbOver(dialect: Dialect, executor: Executor): Db {
  return {
    ...queriesOver(dialect.engine, executor),
    dialect,
    orm: dialect.db as unknown as Orm,
    t: tablesOf(dialect.engine),
  };
}

/** StoreQueries for reads outside a transaction. */
export function queriesOver(engine: Engine, executor: Executor): StoreQueries {
  return {
    engine,
    all: async <Row>(query: SQL) => (await executor.all(query)) as Row[],
    get: async <Row>(query: SQL) => (await executor.all(query))[0] as Row | undefined,
    run: (query) => executor.run(query),
  };
}
