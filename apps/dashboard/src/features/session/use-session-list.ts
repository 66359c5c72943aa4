import { SESSION_STATUSES, type SessionStatus, isSessionLive } from "@maestro/domain";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useSearchParams } from "react-router";
import { useTRPC } from "../../lib/trpc";

/** Sessions per page; "Load more sessions" asks for the next. */
export const SESSION_PAGE_SIZE = 100;

/** The `?status=` filter of a sessions list, validated against the domain's statuses. */
export function useStatusFilter() {
  const [searchParams, setSearchParams] = useSearchParams();
  const raw = searchParams.get("status");
  const status = (SESSION_STATUSES as readonly string[]).includes(raw ?? "") ? (raw as SessionStatus) : null;
  const setStatus = (next: SessionStatus | null) =>
    setSearchParams((params) => {
      if (next) params.set("status", next);
      else params.delete("status");
      return params;
    });
  return { status, setStatus };
}

/**
 * Sessions of a project (by id, so live events match the cached list), or of all projects, a
 * page at a time. Live events patch the loaded pages in place; output times are not pushed, so
 * a list holding live sessions is refetched now and then for the "No output for N min" hints.
 */
export function useSessionList(projectId: string | undefined, status: SessionStatus | null) {
  const trpc = useTRPC();
  return useInfiniteQuery({
    ...trpc.session.list.infiniteQueryOptions(
      { ...(projectId ? { projectId } : {}), ...(status ? { status } : {}), limit: SESSION_PAGE_SIZE },
      { getNextPageParam: (page) => page.nextCursor },
    ),
    refetchInterval: (query) =>
      query.state.data?.pages.some((page) => page.items.some((session) => isSessionLive(session.status)))
        ? 60_000
        : false,
  });
}
