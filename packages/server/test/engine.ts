import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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

/**
 * A fresh store on the run's engine: a SQLite file as the server opens it (reads outside
 * transactions on their own connection, which `:memory:` cannot have), in tmpfs where there is
 * one so a commit's fsync costs nothing; or a new PostgreSQL database.
 */
export async function openTestStore(): Promise<Store> {
  const url = await freshDatabaseUrl();
  if (url) return openPgStore({ url, maxConnections: 4 });
  const dir = mkdtempSync(join(existsSync("/dev/shm") ? "/dev/shm" : tmpdir(), "maestro-test-"));
  testDirs.add(dir);
  const store = openSqliteStore({ path: join(dir, "maestro.db"), outsideTransactions: "read-only" });
  const close = store.close.bind(store);
  return Object.assign(store, {
    close: async () => {
      await close();
      rmSync(dir, { recursive: true, force: true });
      testDirs.delete(dir);
    },
  });
}

/** Files of stores a test left open, removed when the worker exits. */
const testDirs = new Set<string>();
process.on("exit", () => {
  for (const dir of testDirs) rmSync(dir, { recursive: true, force: true });
});
