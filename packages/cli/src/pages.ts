import { PAGE_LIMIT_MAX, type Page } from "@maestro/domain";
import { z } from "zod";
import { type OptionSpec, integerOption } from "./command";
import type { Io } from "./output";

/** What a list command asks each page with. */
export interface PageQuery {
  limit: number;
  cursor: string | null;
}

type FetchPage<T> = (page: PageQuery) => Promise<Page<T>>;

/** A `--limit` below 1 would print nothing and say nothing: a usage error (exit 2) naming the flag. */
export const LimitValue = z.number().int().min(1, "must be at least 1");

/** `--limit <n>` of a list command that prints every item by following pages. */
export const LIMIT_FLAG: OptionSpec = {
  flags: "--limit <n>",
  description: "at most this many, the first listed (default: all of them)",
  integer: true,
  schema: LimitValue,
};

/** The `--limit` given (LimitValue has refused anything below 1). */
export function limitOption(options: Record<string, unknown>): number | undefined {
  return integerOption(options, "limit");
}

/**
 * The pages of a paginated list as they come, following `nextCursor`, with no more than `max`
 * items in all; pages are asked for no larger than what is still wanted.
 */
export async function* eachPage<T>(fetchPage: FetchPage<T>, max = Number.POSITIVE_INFINITY): AsyncGenerator<T[]> {
  let given = 0;
  let cursor: string | null = null;
  while (given < max) {
    const page: Page<T> = await fetchPage({ limit: Math.min(PAGE_LIMIT_MAX, max - given), cursor });
    const items = page.items.slice(0, max - given);
    given += items.length;
    yield items;
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}

/** Every item of a paginated list (or the first `max`), following `nextCursor` page by page. */
export async function collectPages<T>(fetchPage: FetchPage<T>, max = Number.POSITIVE_INFINITY): Promise<T[]> {
  const items: T[] = [];
  for await (const page of eachPage(fetchPage, max)) for (const item of page) items.push(item);
  return items;
}

/** An item as `JSON.stringify(list, null, 2)` prints it inside the list. */
const asListed = (item: unknown) => `  ${JSON.stringify(item, null, 2).replaceAll("\n", "\n  ")}`;

/**
 * Prints a list's pages as one JSON array while they arrive, the same text `JSON.stringify(items,
 * null, 2)` gives, holding a page at a time (100,000 tasks are ~120 MB as one array). Only the
 * last item seen waits, for the comma the next item puts after it.
 */
export async function printJsonPages<T>(io: Io, pages: AsyncIterable<T[]>): Promise<void> {
  let waiting: string | undefined;
  let isOpen = false;
  for await (const page of pages) {
    const lines: string[] = [];
    for (const item of page) {
      if (waiting !== undefined) lines.push(`${waiting},`);
      waiting = asListed(item);
    }
    if (lines.length === 0) continue;
    if (!isOpen) io.out("[");
    isOpen = true;
    io.out(lines.join("\n"));
  }
  if (waiting === undefined) return io.out("[]");
  if (!isOpen) io.out("[");
  io.out(waiting);
  io.out("]");
}

/** Items paged newest first, put back in the order they happened. */
export function oldestFirst<T>(items: T[]): T[] {
  return [...items].reverse();
}
