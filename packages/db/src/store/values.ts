import { type SQL, sql } from "drizzle-orm";
import type { Engine } from "./store";

/**
 * Values written once for both engines. Parameters: a Date is stored as epoch milliseconds on
 * SQLite and as timestamptz on PostgreSQL, a boolean as 0/1 or boolean; JSON goes through `json()`
 * (an array in a `sql` template would otherwise become a list of parameters). Rows come back as
 * each driver reads its column types; asDate, asBoolean and asJson read either form.
 */
export function encodeParam(engine: Engine, value: unknown): unknown {
  if (value instanceof Date) return engine === "sqlite" ? value.getTime() : value;
  if (typeof value === "boolean" && engine === "sqlite") return value ? 1 : 0;
  if (value === undefined) return null;
  return value;
}

/** A JSON column's value as one parameter (text; PostgreSQL casts it to jsonb by its column). */
export function json(value: unknown): SQL {
  return sql`${sql.param(JSON.stringify(value))}`;
}

export function asDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  if (typeof value === "number") return new Date(value);
  throw new TypeError(`Not a stored timestamp: ${String(value)}`);
}

export function asBoolean(value: unknown): boolean {
  if (typeof value === "boolean") return value;
  if (value === 0 || value === 1) return value === 1;
  throw new TypeError(`Not a stored boolean: ${String(value)}`);
}

export function asJson<T>(value: unknown): T | null {
  if (value === null || value === undefined) return null;
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}
