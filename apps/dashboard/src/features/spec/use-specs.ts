import { useInfiniteQuery } from "@tanstack/react-query";
import { ALL_PAGES, LIST_PAGE_SIZE, nextCursorOf, useAllPages } from "../../lib/pages";
import { useTRPC } from "../../lib/trpc";

/** Every spec of every project, oldest first: the approvals inbox counts them all. */
export function useAllSpecs() {
  const trpc = useTRPC();
  return useAllPages(
    useInfiniteQuery(trpc.spec.list.infiniteQueryOptions(ALL_PAGES, { getNextPageParam: nextCursorOf })),
  );
}

/** A project's specs a page at a time, oldest first, with "Load more specs". */
export function useSpecPages(projectId: string) {
  const trpc = useTRPC();
  return useInfiniteQuery(
    trpc.spec.list.infiniteQueryOptions({ projectId, limit: LIST_PAGE_SIZE }, { getNextPageParam: nextCursorOf }),
  );
}

/** Every steering document of a project, by name: the view checks a new name against them all. */
export function useAllSteering(projectId: string) {
  const trpc = useTRPC();
  return useAllPages(
    useInfiniteQuery(
      trpc.steering.list.infiniteQueryOptions({ projectId, ...ALL_PAGES }, { getNextPageParam: nextCursorOf }),
    ),
  );
}
