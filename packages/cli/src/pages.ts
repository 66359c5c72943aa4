import { PAGE_LIMIT_MAX, type Page } from "@maestro/domain";
import { type OptionSpec, integerOption } from "./command";
import { CliError } from "./errors";

/** `--limit <n>` of a list command that prints every item by following pages. */
export const LIMIT_FLAG: OptionSpec = {
  flags: "--limit <n>",
  description: "at most this many, the first listed (default: all of them)",
  integer: true,
};

/** The `--limit` given, refused below 1 (zero would print nothing and say nothing). */
export function limitOption(options: Record<string, unknown>): number | undefined {
  const limit = integerOption(options, "limit");
  if (limit !== undefined && limit < 1) throw new CliError("--limit: must be at least 1");
  return limit;
}

/**
 * Every item of a paginated list, following `nextCursor` page by page, or the first `max` of
 * them; pages are asked for no larger than what is still wanted.
 */
export async function collectPages<T>(
  fetchPage: (page: { limit: number; cursor: string | null }) => Promise<Page<T>>,
  max = Number.POSITIVE_INFINITY,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  while (items.length < max) {
    const page: Page<T> = await fetchPage({ limit: Math.min(PAGE_LIMIT_MAX, max - items.length), cursor });
    items.push(...page.items);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return items.slice(0, max);
}

/** Items paged newest first, put back in the order they happened. */
export function oldestFirst<T>(items: T[]): T[] {
  return [...items].reverse();
}
