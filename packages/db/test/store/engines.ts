import { randomBytes } from "node:crypto";
import { inject, afterAll } from "vitest";
import { openPgStore } from "../../src/store/pg-store";
import { openSqliteStore } from "../../src/store/sqlite-store";
import type { Engine, Store } from "../../src/store/store";
import { createPgDatabase } from "../../src/testing/pg-cluster";

export const ENGINES: Engine[] = ["sqlite", "postgres"];

export interface Stores {
  open(engine: Engine, options?: { maxConnections?: number }): Promise<Store>;
  /** A fresh, empty database on the run's cluster (no migrations yet). */
  newDatabaseUrl(): Promise<string>;
}

/**
 * Opens fresh stores on either engine: SQLite in memory, PostgreSQL in a new database of the
 * run's cluster (vitest's globalSetup, pg-global-setup.ts); closed after the file's tests.
 */
export function useStores(): Stores {
  const opened: Store[] = [];
  afterAll(async () => {
    await Promise.allSettled(opened.map(async (store) => await store.close()));
  });
  const newDatabaseUrl = () => createPgDatabase(inject("maestroPg"), `test_${randomBytes(6).toString("hex")}`);
  return {
    newDatabaseUrl,
    async open(engine, options = {}) {
      const store =
        engine === "sqlite"
          ? openSqliteStore({ path: ":memory:" })
          : await openPgStore({ url: await newDatabaseUrl(), ...options });
      opened.push(store);
      return store;
    },
  };
}
