import { randomBytes } from "node:crypto";
import { type Engine, type Store, createPgDatabase, openPgStore, openSqliteStore } from "@maestro/db";
import { inject } from "vitest";
import { TEMPLATE_DATABASE } from "./pg-setup";

/**
 * The engine this run of the suite stores on: vitest's `sqlite` project (the default) or its
 * `postgres` project (vitest.config.ts), which runs the same files on a throw-away cluster.
 */
export const ENGINE: Engine = process.env.MAESTRO_TEST_ENGINE === "postgres" ? "postgres" : "sqlite";

/** A fresh, migrated PostgreSQL database of the run's cluster (its URL), or undefined on SQLite. */
export async function freshDatabaseUrl(): Promise<string | undefined> {
  if (ENGINE === "sqlite") return undefined;
  return createPgDatabase(inject("maestroPg"), `test_${randomBytes(8).toString("hex")}`, TEMPLATE_DATABASE);
}

/** A fresh store on the run's engine: SQLite in memory, or a new PostgreSQL database. */
export async function openTestStore(): Promise<Store> {
  const url = await freshDatabaseUrl();
  return url
    ? openPgStore({ url, maxConnections: 4 })
    : openSqliteStore({ path: ":memory:", outsideTransactions: "read-only" });
}
