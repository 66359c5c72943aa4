import { useInfiniteQuery } from "@tanstack/react-query";
import { CountLink } from "../../components/count-link";
import { ALL_PAGES, nextCursorOf, useAllPages } from "../../lib/pages";
import { useTRPC } from "../../lib/trpc";
import { isAwaitingReview } from "./landing-format";

/**
 * The project's "Review" view link with the count of tasks waiting for a verdict: only tasks in
 * review are read, and live events patch that list.
 */
export function ReviewLink({ projectId, projectKey, search }: { projectId: string; projectKey: string; search: string }) {
  const trpc = useTRPC();
  const inReview = useAllPages(
    useInfiniteQuery(
      trpc.task.list.infiniteQueryOptions(
        { projectId, status: ["in_review"], ...ALL_PAGES },
        { getNextPageParam: nextCursorOf },
      ),
    ),
  );
  const count = inReview.data?.filter(isAwaitingReview).length ?? 0;
  return <CountLink to={`/projects/${projectKey}/review${search}`} label="Review" count={count} />;
}
