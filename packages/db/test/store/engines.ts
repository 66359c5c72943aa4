import { afterAll, beforeAll } from "vitest";
import { openPgStore } from "../../src/store/pg-store";
import { openSqliteStore } from "../../src/store/sqlite-store";
import type { Engine, Store } from "../../src/store/store";
import { type PgCluster, startPgCluster } from "../../src/testing/pg-cluster";

export const ENGINES: Engine[] = ["sqlite", "postgres"];

/**
 * Opens fresh stores on either engine: SQLite in memory, PostgreSQL in a new database of one
 * throw-away cluster per test file (started in beforeAll, stopped in afterAll even on failure).
 */
export interface Stores {
  open(engine: Engine, options?: { maxConnections?: number }): Promise<Store>;
  /** A fresh, empty database on the cluster (no migrations yet). */
  newDatabaseUrl(): Promise<string>;
}

export function useStores(): Stores {
  let cluster: PgCluster | undefined;
  const opened: Store[] = [];
  let databases = 0;
  beforeAll(async () => {
    cluster = await startPgCluster();
  }, 120_000);
  afterAll(async () => {
    await Promise.allSettled(opened.map((store) => store.close()));
    await cluster?.stop();
  }, 60_000);
  const newDatabaseUrl = () => {
    if (!cluster) throw new Error("the PostgreSQL cluster did not start");
    return cluster.createDatabase(`test_${++databases}`);
  };
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
