import { PAGE_LIMIT_MAX, type Page } from "@maestro/domain";
import type { InfiniteData, UseInfiniteQueryResult } from "@tanstack/react-query";
import { useEffect, useMemo } from "react";

/** Items per page of a list with a "Load more" button. */
export const LIST_PAGE_SIZE = 100;

/** The input of a list a picker needs whole: the largest pages, so most lists take one call. */
export const ALL_PAGES = { limit: PAGE_LIMIT_MAX } as const;

/** `getNextPageParam` of every paginated list: the server's cursor, null on the last page. */
export function nextCursorOf(page: Page<unknown>): string | null {
  return page.nextCursor;
}

/** The items of the pages loaded so far, in the list's order. */
export function loadedItems<T>(data: InfiniteData<Page<T>> | undefined): T[] {
  return data?.pages.flatMap((page) => page.items) ?? [];
}

/** What a component reads of a whole list: `data` only once every page is in. */
export interface AllPages<T, E> {
  data: T[] | undefined;
  isPending: boolean;
  isSuccess: boolean;
  isError: boolean;
  error: E | null;
}

type PagesQuery<T, E> = Pick<
  UseInfiniteQueryResult<InfiniteData<Page<T>>, E>,
  "data" | "error" | "isError" | "isPending" | "hasNextPage" | "isFetchingNextPage"
>;

/** A list still loading its next pages is pending, so a picker never offers half of it. */
export function allPagesState<T, E>(query: PagesQuery<T, E>, items: T[]): AllPages<T, E> {
  const isComplete = query.data !== undefined && !query.hasNextPage && !query.isError;
  return {
    data: isComplete ? items : undefined,
    isPending: !isComplete && !query.isError,
    isSuccess: isComplete,
    isError: query.isError,
    error: query.error,
  };
}

/** Whether to ask for the next page now: there is one, none is on its way, and none failed. */
export function wantsNextPage(query: PagesQuery<unknown, unknown>): boolean {
  return Boolean(query.hasNextPage) && !query.isFetchingNextPage && !query.isError;
}

/**
 * Every item of a paginated list, for pickers, selects and lookups that need all of it: keeps
 * fetching the next page of the infinite query until there is none (while `enabled`).
 */
export function useAllPages<T, E>(
  query: UseInfiniteQueryResult<InfiniteData<Page<T>>, E>,
  { enabled = true }: { enabled?: boolean } = {},
): AllPages<T, E> {
  const { fetchNextPage } = query;
  // A disabled observer still sees pages another observer of the same list loaded: it must not
  // go on to load the rest for them.
  const shouldFetch = enabled && wantsNextPage(query);
  useEffect(() => {
    if (shouldFetch) void fetchNextPage();
  }, [shouldFetch, fetchNextPage]);
  const items = useMemo(() => loadedItems(query.data), [query.data]);
  return allPagesState(query, items);
}
