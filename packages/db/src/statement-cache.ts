// The one place that leans on how drizzle drives better-sqlite3 rather than on what either
// documents. drizzle has no statement cache: its better-sqlite3 session calls `client.prepare`
// for every query it runs (a built `.prepare()` query excepted), and preparing costs more than
// running most of ours (measured: the largest CPU cost of the write path and of autopilot).
// This connection hands back the statement it prepared before for the same SQL text. That is
// safe only because of what drizzle does with a statement (drizzle-orm 0.45,
// better-sqlite3/session.js): it runs it at once with run/all/get/values, never keeps an open
// iterator, and switches it to raw (array) rows when it maps fields itself. Check those three
// facts again when upgrading drizzle-orm.
import Database from "better-sqlite3";
import type { Statement } from "better-sqlite3";

/** Distinct SQL texts kept prepared; drizzle's queries are few and repeat (values are parameters). */
const STATEMENT_CACHE_SIZE = 500;

/** A better-sqlite3 connection whose `prepare` reuses statements by SQL text, once turned on. */
export class CachingConnection extends Database {
  readonly #statements = new Map<string, Statement>();
  #isCaching = false;

  /** Turned on after migrating: migrations run once, and their DDL would only fill the cache. */
  startCaching(): void {
    this.#isCaching = true;
  }

  override prepare<BindParameters extends unknown[] | object = unknown[], Result = unknown>(
    source: string,
  ): Statement<BindParameters, Result> {
    if (!this.#isCaching) return super.prepare(source);
    let statement = this.#statements.get(source);
    if (statement) {
      // Least recently used goes first when the cache is full.
      this.#statements.delete(source);
      // drizzle left it in raw mode if it mapped fields itself; a plain sql`` query of the same
      // text expects objects again.
      if (statement.reader) statement.raw(false);
    } else {
      statement = super.prepare(source);
      if (this.#statements.size >= STATEMENT_CACHE_SIZE) {
        this.#statements.delete(this.#statements.keys().next().value!);
      }
    }
    this.#statements.set(source, statement);
    return statement as Statement<BindParameters, Result>;
  }
}
