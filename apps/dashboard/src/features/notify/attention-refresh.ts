import type { QueryClient, QueryFilters } from "@tanstack/react-query";
import { refetchAfresh } from "../live/landing-cache";

/** A burst of status changes (autopilot, an import, a replay after a reconnect) reads the count once. */
export const ATTENTION_REFRESH_MS = 500;

/**
 * Reads the title's count again at most once per `waitMs`, at the end of a burst of changes. Each
 * read starts afresh: a first read still in flight would otherwise swallow the change (see
 * refetchAfresh) and the title would keep the old count until the next event. Returns the trigger
 * and its disposer.
 */
export function coalescedRefresh(
  queryClient: QueryClient,
  filter: QueryFilters,
  waitMs = ATTENTION_REFRESH_MS,
): { refresh: () => void; dispose: () => void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const refresh = () => {
    if (timer !== null) return;
    timer = setTimeout(() => {
      timer = null;
      refetchAfresh(queryClient, filter);
    }, waitMs);
  };
  const dispose = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };
  return { refresh, dispose };
}
