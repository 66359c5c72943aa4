import type { Page } from "@maestro/domain";
import type { InfiniteData } from "@tanstack/react-query";

/** A cached paginated list: one page (`useQuery`), or the pages loaded so far (`useInfiniteQuery`). */
export type CachedPages<T> = Page<T> | InfiniteData<Page<T>>;

function isInfinite<T>(data: CachedPages<T>): data is InfiniteData<Page<T>> {
  return "pages" in data;
}

export function pagesOf<T>(data: CachedPages<T>): Page<T>[] {
  return isInfinite(data) ? data.pages : [data];
}

export function withPages<T>(data: CachedPages<T>, pages: Page<T>[]): CachedPages<T> {
  return isInfinite(data) ? { ...data, pages } : pages[0]!;
}

/**
 * An item replaced where a loaded page holds it, or else added at the end of a list ordered
 * oldest first, but only when its last page is loaded (otherwise it turns up with a later page).
 */
export function upsertAtEnd<T extends { id: string }>(
  data: CachedPages<T> | undefined,
  item: T,
): CachedPages<T> | undefined {
  if (!data) return undefined;
  const pages = pagesOf(data);
  const index = pages.findIndex((page) => page.items.some((one) => one.id === item.id));
  if (index !== -1) {
    const page = pages[index]!;
    const items = page.items.map((one) => (one.id === item.id ? item : one));
    return withPages(
      data,
      pages.map((one, i) => (i === index ? { ...page, items } : one)),
    );
  }
  const last = pages.at(-1);
  if (!last || last.nextCursor !== null) return data;
  return withPages(data, [...pages.slice(0, -1), { ...last, items: [...last.items, item] }]);
}

/** An item taken out of whichever loaded page holds it. */
export function removeFromPages<T extends { id: string }>(
  data: CachedPages<T> | undefined,
  id: string,
): CachedPages<T> | undefined {
  if (!data) return undefined;
  const pages = pagesOf(data);
  if (!pages.some((page) => page.items.some((item) => item.id === id))) return data;
  return withPages(
    data,
    pages.map((page) => ({ ...page, items: page.items.filter((item) => item.id !== id) })),
  );
}

/** The list with every loaded page emptied (its project was deleted). */
export function emptyPages<T>(data: CachedPages<T> | undefined): CachedPages<T> | undefined {
  if (!data) return undefined;
  return withPages(
    data,
    pagesOf(data).map((page) => ({ ...page, items: [], nextCursor: null })),
  );
}
