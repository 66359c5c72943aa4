import type { RouterOutputs } from "@maestro/server";
import { useInfiniteQuery } from "@tanstack/react-query";
import { ALL_PAGES, LIST_PAGE_SIZE, nextCursorOf, useAllPages } from "../../lib/pages";
import { useTRPC } from "../../lib/trpc";

/**
 * A profile as the server lists it: with the account its usage counts against (derived when unset),
 * its pause, and the memory one of its sessions is expected to take.
 */
export type AgentRow = RouterOutputs["agent"]["list"]["items"][number];

/** Every agent profile, by name, for the agent selects. */
export function useAllAgents() {
  const trpc = useTRPC();
  return useAllPages(
    useInfiniteQuery(trpc.agent.list.infiniteQueryOptions(ALL_PAGES, { getNextPageParam: nextCursorOf })),
  );
}

/** Profiles a page at a time, by name, for the agents page and its "Load more agents". */
export function useAgentPages() {
  const trpc = useTRPC();
  return useInfiniteQuery(
    trpc.agent.list.infiniteQueryOptions({ limit: LIST_PAGE_SIZE }, { getNextPageParam: nextCursorOf }),
  );
}
