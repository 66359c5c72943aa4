import { useInfiniteQuery } from "@tanstack/react-query";
import { ALL_PAGES, LIST_PAGE_SIZE, nextCursorOf, useAllPages } from "../../lib/pages";
import { useTRPC } from "../../lib/trpc";

/** Every project, oldest first, for pickers and lookups by id (fetched only when enabled). */
export function useAllProjects({ enabled = true }: { enabled?: boolean } = {}) {
  const trpc = useTRPC();
  return useAllPages(
    useInfiniteQuery(trpc.project.list.infiniteQueryOptions(ALL_PAGES, { getNextPageParam: nextCursorOf, enabled })),
  );
}

/** Projects a page at a time, oldest first, for the projects page and its "Load more projects". */
export function useProjectPages() {
  const trpc = useTRPC();
  return useInfiniteQuery(
    trpc.project.list.infiniteQueryOptions({ limit: LIST_PAGE_SIZE }, { getNextPageParam: nextCursorOf }),
  );
}
