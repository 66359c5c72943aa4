import { is } from "drizzle-orm";
import * as pgCore from "drizzle-orm/pg-core";
import { PgTable } from "drizzle-orm/pg-core";
import * as sqliteCore from "drizzle-orm/sqlite-core";
import { SQLiteTable } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import { timestampMs } from "../../src/schema-pg/columns";
import * as pgSchema from "../../src/schema-pg/index";
import * as sqliteSchema from "../../src/schema/index";
import { describePgTable, describeSqliteTable, matchTypes } from "./describe-schema";

function tablesOf<T>(schema: Record<string, unknown>, kind: new (...args: never[]) => T): Map<string, T> {
  return new Map(
    Object.entries(schema)
      .filter(([, value]) => is(value, kind as never))
      .map(([name, value]) => [name, value as T]),
  );
}

const sqliteTables = tablesOf(sqliteSchema, SQLiteTable);
const pgTables = tablesOf(pgSchema, PgTable);

describe("the SQLite and PostgreSQL schemas", () => {
  it("export the same tables under the same names", () => {
    expect([...pgTables.keys()].sort()).toEqual([...sqliteTables.keys()].sort());
    expect(sqliteTables.size).toBeGreaterThan(15);
  });

  it.each([...sqliteTables.keys()])(
    "%s: same columns (names, nullability, defaults, mapped types), keys, foreign keys and indexes",
    (name) => {
      const pg = describePgTable(pgTables.get(name) as PgTable);
      const sqlite = describeSqliteTable(sqliteTables.get(name) as SQLiteTable);
      expect(pg).toEqual(matchTypes(sqlite, pg));
    },
  );
});

describe("the parity check itself", () => {
  const sqliteBase = () => ({
    id: sqliteCore.text("id").primaryKey(),
    at: sqliteCore.integer("at", { mode: "timestamp_ms" }).notNull(),
  });
  const pgBase = () => ({ id: pgCore.text("id").primaryKey(), at: timestampMs("at").notNull() });
  const sqliteShape = describeSqliteTable(sqliteCore.sqliteTable("t", sqliteBase()));
  const pgShape = (table: PgTable) => describePgTable(table);
  const check = (table: PgTable) => expect(pgShape(table)).toEqual(matchTypes(sqliteShape, pgShape(table)));

  it("accepts a faithful pair", () => {
    check(pgCore.pgTable("t", pgBase()));
  });

  it.each([
    ["a column on one side only", pgCore.pgTable("t", { ...pgBase(), extra: pgCore.text("extra") })],
    ["another nullability", pgCore.pgTable("t", { ...pgBase(), at: timestampMs("at") })],
    ["an unmapped type", pgCore.pgTable("t", { ...pgBase(), at: pgCore.bigint("at", { mode: "number" }).notNull() })],
    ["a default on one side only", pgCore.pgTable("t", { ...pgBase(), at: timestampMs("at").notNull().defaultNow() })],
    ["an index on one side only", pgCore.pgTable("t", pgBase(), (t) => [pgCore.index("t_at_idx").on(t.at)])],
    ["a unique key on one side only", pgCore.pgTable("t", { ...pgBase(), at: timestampMs("at").notNull().unique() })],
    [
      "a foreign key on one side only",
      pgCore.pgTable("t", { ...pgBase(), at: timestampMs("at").notNull() }, (t) => [
        pgCore.foreignKey({ columns: [t.id], foreignColumns: [pgSchema.projectTable.id] }),
      ]),
    ],
  ])("rejects %s", (_, table) => {
    expect(() => check(table as PgTable)).toThrow();
  });
});
