import { is, sql } from "drizzle-orm";
import { PgTable, getTableConfig as pgTableConfig } from "drizzle-orm/pg-core";
import { SQLiteTable, getTableConfig as sqliteTableConfig } from "drizzle-orm/sqlite-core";
import { describe, expect, it, inject } from "vitest";
import * as pgSchema from "../../src/schema-pg/index";
import * as sqliteSchema from "../../src/schema/index";
import { openPgStore } from "../../src/store/pg-store";
import type { Engine, StoreQueries } from "../../src/store/store";
import { createPgDatabase } from "../../src/testing/pg-cluster";
import { ENGINES, useStores } from "./engines";

const stores = useStores();

interface Shape {
  columns: Record<string, { notNull: boolean; type?: string }>;
  indexes: string[];
}

/** What the schema module declares: the migrations must have built exactly this. */
function declared(engine: Engine): Record<string, Shape> {
  const tables =
    engine === "sqlite"
      ? Object.values(sqliteSchema)
          .filter((value) => is(value, SQLiteTable))
          .map((table) => sqliteTableConfig(table))
      : Object.values(pgSchema)
          .filter((value) => is(value, PgTable))
          .map((table) => pgTableConfig(table));
  return Object.fromEntries(
    tables.map((config) => [
      config.name,
      {
        columns: Object.fromEntries(
          config.columns.map((column) => [
            column.name,
            engine === "postgres"
              ? { notNull: column.notNull, type: column.getSQLType().replace(" (3)", "") }
              : { notNull: column.notNull || column.primary },
          ]),
        ),
        indexes: [
          ...config.indexes.map((index) => index.config.name ?? "?"),
          // SQLite makes a unique column a unique index; PostgreSQL a constraint (left out above).
          ...(engine === "sqlite"
            ? config.columns.filter((column) => column.isUnique).map((column) => column.uniqueName ?? "?")
            : []),
        ].sort(),
      },
    ]),
  );
}

async function migrated(engine: Engine, q: StoreQueries): Promise<Record<string, Shape>> {
  return engine === "sqlite" ? sqliteShapes(q) : pgShapes(q);
}

async function sqliteShapes(q: StoreQueries): Promise<Record<string, Shape>> {
  const tables = await q.all<{ name: string }>(
    sql`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'`,
  );
  const shapes: Record<string, Shape> = {};
  for (const { name } of tables) {
    const columns = await q.all<{ name: string; notnull: number; pk: number }>(
      sql`PRAGMA table_info(${sql.identifier(name)})`,
    );
    const indexes = await q.all<{ name: string }>(
      sql`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ${name} AND name NOT LIKE 'sqlite_autoindex%'`,
    );
    shapes[name] = {
      columns: Object.fromEntries(
        columns.map((column) => [column.name, { notNull: column.notnull === 1 || column.pk > 0 }]),
      ),
      indexes: indexes.map((index) => index.name).sort(),
    };
  }
  return shapes;
}

async function pgShapes(q: StoreQueries): Promise<Record<string, Shape>> {
  const columns = await q.all<{ table_name: string; column_name: string; is_nullable: string; data_type: string }>(
    sql`SELECT table_name, column_name, is_nullable, data_type FROM information_schema.columns WHERE table_schema = 'public'`,
  );
  const indexes = await q.all<{ tablename: string; indexname: string }>(
    sql`SELECT i.tablename, i.indexname FROM pg_indexes i
        WHERE i.schemaname = 'public'
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname AND c.contype IN ('p', 'u'))`,
  );
  const shapes: Record<string, Shape> = {};
  for (const column of columns) {
    const shape = (shapes[column.table_name] ??= { columns: {}, indexes: [] });
    shape.columns[column.column_name] = { notNull: column.is_nullable === "NO", type: column.data_type };
  }
  for (const index of indexes) shapes[index.tablename]?.indexes.push(index.indexname);
  for (const shape of Object.values(shapes)) shape.indexes.sort();
  return shapes;
}

describe.each(ENGINES)("the %s store's migrations", (engine) => {
  it("are applied on start and build exactly the tables, columns and indexes its schema declares", async () => {
    const store = await stores.open(engine);
    const shapes = await store.read((q) => migrated(engine, q));
    expect(shapes).toEqual(declared(engine));
  });
});

describe("PostgreSQL migrations", () => {
  it("run once when several instances start on one database at the same time", { timeout: 60_000 }, async () => {
    const url = await stores.newDatabaseUrl();
    const instances = await Promise.all([1, 2, 3].map(() => openPgStore({ url, maxConnections: 2 })));
    try {
      const applied = await instances[0]!.read(
        async (q) => await q.all<{ id: number }>(sql`SELECT id FROM drizzle.__drizzle_migrations`),
      );
      expect(applied.length).toBeGreaterThan(0);
      const again = await openPgStore({ url, maxConnections: 1 });
      instances.push(again);
      expect(await again.read(async (q) => await q.all(sql`SELECT id FROM drizzle.__drizzle_migrations`))).toHaveLength(
        applied.length,
      );
    } finally {
      await Promise.all(instances.map(async (store) => await store.close()));
    }
  });

  it(
    "a copy of a migrated database (CREATE DATABASE … TEMPLATE) starts with nothing left to apply",
    { timeout: 60_000 },
    async () => {
      const templateUrl = await stores.newDatabaseUrl();
      const template = await openPgStore({ url: templateUrl, maxConnections: 1 });
      const applied = await template.read(async (q) => await q.all(sql`SELECT hash FROM drizzle.__drizzle_migrations`));
      await template.close();
      const copyUrl = await createPgDatabase(
        inject("maestroPg"),
        `copy_${Date.now()}`,
        new URL(templateUrl).pathname.slice(1),
      );
      const copy = await openPgStore({ url: copyUrl, maxConnections: 1 });
      try {
        expect(await copy.read(async (q) => await q.all(sql`SELECT hash FROM drizzle.__drizzle_migrations`))).toEqual(
          applied,
        );
        expect(await copy.read(async (q) => await q.all(sql`SELECT count(*) AS n FROM tasks`))).toEqual([{ n: 0 }]);
      } finally {
        await copy.close();
      }
    },
  );
});
