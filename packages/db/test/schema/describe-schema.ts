import { type SQL, StringChunk, is } from "drizzle-orm";
import { Column } from "drizzle-orm";
import { type PgTable, getTableConfig as pgTableConfig } from "drizzle-orm/pg-core";
import { type SQLiteTable, getTableConfig as sqliteTableConfig } from "drizzle-orm/sqlite-core";

/** A table as both dialects can state it: what the parity test compares. */
export interface TableShape {
  columns: Record<string, { type: string; notNull: boolean; default: unknown; enumValues?: readonly string[] }>;
  primaryKey: string[];
  unique: string[];
  foreignKeys: string[];
  indexes: string[];
}

/**
 * The PostgreSQL type chosen for each SQLite column kind (docs/decisions/0011-async-store.md):
 * timestamps are timestamptz(3) read as Dates, booleans boolean, JSON text jsonb, REAL double
 * precision, integers integer or bigint (counters that may pass 2^31), autoincrement ids bigint identity.
 */
const PG_TYPE_OF: Record<string, readonly string[]> = {
  SQLiteText: ["text"],
  SQLiteTextJson: ["jsonb"],
  SQLiteInteger: ["integer", "bigint"],
  "SQLiteInteger+autoincrement": ["bigint identity"],
  SQLiteTimestamp: ["timestamp (3) with time zone"],
  SQLiteBoolean: ["boolean"],
  SQLiteReal: ["double precision"],
};

type AnyColumn = Column & { enumValues?: readonly string[]; autoIncrement?: boolean; generatedIdentity?: unknown };

export function describeSqliteTable(table: SQLiteTable): TableShape {
  const config = sqliteTableConfig(table);
  return describe(config, (column) => {
    const kind = column.autoIncrement ? `${column.columnType}+autoincrement` : column.columnType;
    const types = PG_TYPE_OF[kind];
    if (!types) throw new Error(`${config.name}.${column.name}: no PostgreSQL type chosen for ${kind}`);
    return types.join(" | ");
  });
}

export function describePgTable(table: PgTable): TableShape {
  const config = pgTableConfig(table);
  return describe(config, (column) =>
    column.generatedIdentity ? `${column.getSQLType()} identity` : column.getSQLType(),
  );
}

/** Whether a SQLite shape's allowed types (`a | b`) admit the PostgreSQL shape's chosen ones. */
export function matchTypes(sqlite: TableShape, pg: TableShape): TableShape {
  const columns = Object.fromEntries(
    Object.entries(sqlite.columns).map(([name, column]) => {
      const chosen = pg.columns[name]?.type;
      const allowed = column.type.split(" | ");
      return [name, { ...column, type: chosen && allowed.includes(chosen) ? chosen : column.type }];
    }),
  );
  return { ...sqlite, columns };
}

interface Config {
  name: string;
  columns: AnyColumn[];
  primaryKeys: Array<{ columns: Column[] }>;
  uniqueConstraints: Array<{ columns: Column[]; name?: string }>;
  foreignKeys: Array<{
    onDelete?: string;
    reference(): { columns: Column[]; foreignTable: unknown; foreignColumns: Column[] };
  }>;
  indexes: Array<{ config: { name?: string; columns: unknown[]; unique: boolean; where?: SQL } }>;
}

function describe(config: Config, typeOf: (column: AnyColumn) => string): TableShape {
  const columns = Object.fromEntries(
    config.columns.map((column) => [
      column.name,
      {
        type: typeOf(column),
        notNull: column.notNull,
        default: column.default,
        ...(column.enumValues ? { enumValues: column.enumValues } : {}),
      },
    ]),
  );
  const primaryKey = [
    ...config.columns.filter((column) => column.primary).map((column) => column.name),
    ...config.primaryKeys.flatMap((key) => key.columns.map((column) => column.name)),
  ];
  const unique = [
    ...config.columns.filter((column) => column.isUnique).map((column) => `(${column.name})`),
    ...config.uniqueConstraints.map((constraint) => `(${names(constraint.columns)})`),
  ].sort();
  const foreignKeys = config.foreignKeys
    .map((key) => {
      const reference = key.reference();
      return `(${names(reference.columns)}) → ${tableName(reference.foreignTable)}(${names(reference.foreignColumns)}) on delete ${key.onDelete ?? "no action"}`;
    })
    .sort();
  const indexes = config.indexes
    .map(({ config: index }) => {
      const where = index.where ? ` where ${sqlText(index.where)}` : "";
      return `${index.unique ? "unique " : ""}${index.name ?? "?"} (${names(index.columns as Column[])})${where}`;
    })
    .sort();
  return { columns, primaryKey, unique, foreignKeys, indexes };
}

function names(columns: Column[]): string {
  return columns.map((column) => column.name).join(", ");
}

function tableName(table: unknown): string {
  return (table as Record<symbol, string>)[Symbol.for("drizzle:Name")] ?? "?";
}

/** An index's WHERE as text: its literal parts and the names of the columns it mentions. */
function sqlText(query: SQL): string {
  return query.queryChunks
    .map((chunk) => {
      if (is(chunk, StringChunk)) return chunk.value.join("");
      if (is(chunk, Column)) return chunk.name;
      throw new Error(`unexpected part of an index's WHERE: ${String(chunk)}`);
    })
    .join("");
}
