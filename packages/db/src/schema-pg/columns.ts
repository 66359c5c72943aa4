import { timestamp } from "drizzle-orm/pg-core";

/**
 * SQLite's `integer` timestamp_ms columns: a timestamptz with millisecond precision, read and
 * written as a Date, so both engines hand repositories the same value (a JavaScript Date holds ms).
 */
export function timestampMs(name: string) {
  return timestamp(name, { withTimezone: true, precision: 3, mode: "date" });
}
