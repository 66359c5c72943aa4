import type { MaestroEvent } from "@maestro/domain";
import type { AppRouter } from "@maestro/server";
import type { QueryClient, QueryFilters } from "@tanstack/react-query";
import type { TRPCOptionsProxy } from "@trpc/tanstack-react-query";

type Trpc = TRPCOptionsProxy<AppRouter>;

/** Which of a task's landing queries an event makes stale (they are read by the task's id). */
export function landingRefreshFor(event: MaestroEvent): "reviews" | "checks" | "diff" | null {
  switch (event.kind) {
    case "task.reviewed":
      return "reviews";
    case "task.checked":
      return "checks";
    case "task.updated":
      // A new head commit (a follow-up's work), or a landing that moved the diff's ends.
      return event.payload.changed.includes("landing") ? "diff" : null;
    default:
      return null;
  }
}

/**
 * A first fetch still in flight when its event arrives would swallow the invalidation (TanStack
 * keeps a pending fetch without data) and show what it read before the change: cancel it, then
 * fetch afresh.
 */
export function refetchAfresh(queryClient: QueryClient, filter: QueryFilters): void {
  void queryClient.cancelQueries(filter).then(() => queryClient.invalidateQueries(filter));
}

export function refreshLanding(queryClient: QueryClient, trpc: Trpc, event: MaestroEvent): void {
  const id = event.entityId;
  switch (landingRefreshFor(event)) {
    case "reviews":
      refetchAfresh(queryClient, trpc.task.reviews.queryFilter({ id }));
      break;
    case "checks":
      refetchAfresh(queryClient, trpc.task.checks.queryFilter({ id }));
      break;
    case "diff":
      refetchAfresh(queryClient, trpc.task.diff.queryFilter({ id }));
      break;
    case null:
      break;
  }
}
