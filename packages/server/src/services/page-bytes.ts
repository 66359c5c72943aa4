import type { Page } from "@maestro/domain";

/**
 * JSON bytes one page of a list holds at most. Items are small as a rule, but a task's
 * description (20,000 characters) or a session's prompt can make 500 of them megabytes: such a
 * page ends early, and its `nextCursor` goes on from the last item it holds.
 */
export const PAGE_MAX_BYTES = 900_000;

/** `page` cut to the items that fit in PAGE_MAX_BYTES as JSON (always the first one). */
export function withinPageBytes<T>(page: Page<T>, cursorOf: (last: T) => string): Page<T> {
  let bytes = 2;
  for (const [index, item] of page.items.entries()) {
    bytes += Buffer.byteLength(JSON.stringify(item)) + 1;
    if (bytes > PAGE_MAX_BYTES && index > 0) {
      return { items: page.items.slice(0, index), nextCursor: cursorOf(page.items[index - 1]!) };
    }
  }
  return page;
}
