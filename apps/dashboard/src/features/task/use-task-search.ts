import type { Task } from "@maestro/domain";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { nextCursorOf } from "../../lib/pages";
import { useTRPC } from "../../lib/trpc";
import { loadedTasks } from "../live/task-pages";

/** Matches per page of a picker's search. */
export const SEARCH_PAGE = 50;
/** Pages a search follows by itself while they come back short (a bounded scan each). */
const SEARCH_PAGES_AT_ONCE = 20;
/** Typing pauses this long before the server is asked. */
const SEARCH_DELAY_MS = 250;

/** `value`, once it has stopped changing for `delayMs`. */
function useSettled(value: string, delayMs: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

/**
 * The server's search of a project's tasks (`task.list` with `q`), a page at a time: a picker
 * finds any task of a big project, not only the ones loaded. Blank text asks nothing.
 */
export function useTaskSearch(projectId: string, text: string) {
  const trpc = useTRPC();
  const q = useSettled(text.trim(), SEARCH_DELAY_MS);
  const query = useInfiniteQuery({
    ...trpc.task.list.infiniteQueryOptions({ projectId, q, limit: SEARCH_PAGE }, { getNextPageParam: nextCursorOf }),
    enabled: q !== "",
  });
  const tasks: Task[] = q === "" ? [] : loadedTasks(query.data);
  // A page looks at a bounded stretch of the project and may come back short: go on by itself
  // until a page's worth matched, or the project's end.
  const pages = query.data?.pages.length ?? 0;
  const isShort = q !== "" && query.hasNextPage && !query.isFetching && tasks.length < SEARCH_PAGE;
  const { fetchNextPage } = query;
  useEffect(() => {
    if (isShort && pages < SEARCH_PAGES_AT_ONCE) void fetchNextPage();
  }, [isShort, pages, fetchNextPage]);
  return { q, query, tasks, isSearching: q !== "" };
}
