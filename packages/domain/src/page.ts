import { z } from "zod";

/**
 * Every list that can grow without bound answers one page at a time: `limit` items (at most
 * 500) and the cursor of the next page, null on the last one. A cursor is opaque to callers.
 */
export const PAGE_LIMIT_DEFAULT = 100;
export const PAGE_LIMIT_MAX = 500;

export const PageLimit = z
  .number()
  .int()
  .min(1)
  .max(PAGE_LIMIT_MAX, `must be at most ${PAGE_LIMIT_MAX} (follow nextCursor for more)`)
  .default(PAGE_LIMIT_DEFAULT);

/** A position in a list ordered newest first: the creation time (ms) and id of the last item seen. */
export const TimeCursor = z
  .string()
  .max(200)
  .regex(/^\d{1,16}:[\w-]{1,100}$/, "must be the nextCursor of a previous page")
  .nullish();

/** A position in a list ordered by id (rows rolled up per task): the last id seen. */
export const IdCursor = z
  .string()
  .regex(/^[\w-]{1,100}$/, "must be the nextCursor of a previous page")
  .nullish();

/**
 * A position in a list ordered by rank (a real number, as JavaScript prints it), then by a
 * whole number that breaks ties (a task's number in its project): the last item seen.
 */
export const RankCursor = z
  .string()
  .max(100, "must be the nextCursor of a previous page")
  .regex(/^-?\d+(?:\.\d+)?(?:e[+-]\d+)?:\d{1,15}$/, "must be the nextCursor of a previous page")
  .nullish();

export interface RankPosition {
  rank: number;
  number: number;
}

export function encodeRankCursor(position: RankPosition): string {
  return `${position.rank}:${position.number}`;
}

/** A cursor the schema accepted, back as the position it names. */
export function decodeRankCursor(cursor: string | null | undefined): RankPosition | undefined {
  if (!cursor) return undefined;
  const at = cursor.lastIndexOf(":");
  return { rank: Number(cursor.slice(0, at)), number: Number(cursor.slice(at + 1)) };
}

/**
 * A position in a list ordered by name (agent profiles, steering documents): the last name
 * seen. Names compare by code point, as SQLite compares text, so both sides agree on "after".
 */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface TimePosition {
  createdAt: Date;
  id: string;
}

export function encodeTimeCursor(item: { createdAt: string; id: string }): string {
  return `${Date.parse(item.createdAt)}:${item.id}`;
}

/** A cursor the schema accepted, back as the position it names. */
export function decodeTimeCursor(cursor: string | null | undefined): TimePosition | undefined {
  if (!cursor) return undefined;
  const at = cursor.indexOf(":");
  return { createdAt: new Date(Number(cursor.slice(0, at))), id: cursor.slice(at + 1) };
}

/** A page from `limit + 1` items fetched in order; `cursorOf` names the last item given. */
export function toPage<T>(fetched: T[], limit: number, cursorOf: (last: T) => string): Page<T> {
  const items = fetched.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: fetched.length > limit && last !== undefined ? cursorOf(last) : null };
}

/**
 * A page from `limit + 1` items fetched in order: the extra one only says there is more. The
 * time an item is ordered by is its `createdAt` unless `timeOf` names another.
 */
export function toTimePage<T extends { id: string }>(
  fetched: T[],
  limit: number,
  timeOf: (item: T) => string = (item) => (item as T & { createdAt: string }).createdAt,
): Page<T> {
  return toPage(fetched, limit, (last) => encodeTimeCursor({ createdAt: timeOf(last), id: last.id }));
}
