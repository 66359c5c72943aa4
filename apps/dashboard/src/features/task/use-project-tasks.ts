import { PAGE_LIMIT_MAX } from "@maestro/domain";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { nextCursorOf, useAllPages } from "../../lib/pages";
import { loadedTasks } from "../live/task-pages";
import { useTRPC } from "../../lib/trpc";
import { indexTasks } from "./task-index";

type Trpc = ReturnType<typeof useTRPC>;

/** A project this small is loaded whole with its page, so hints and pickers know every task. */
export const WHOLE_PROJECT_MAX = 1_000;

/** A project's whole task list, 500 at a time: the tree, the graph and pickers share it. */
export function projectTasksOptions(trpc: Trpc, projectId: string) {
  return trpc.task.list.infiniteQueryOptions({ projectId, limit: PAGE_LIMIT_MAX }, { getNextPageParam: nextCursorOf });
}

/** Every task of a project, page after page until the last (only where a view needs all of them). */
export function useProjectTasks(projectId: string, { enabled = true }: { enabled?: boolean } = {}) {
  const trpc = useTRPC();
  const query = useAllPages(useInfiniteQuery({ ...projectTasksOptions(trpc, projectId), enabled }), { enabled });
  const index = useMemo(() => indexTasks(query.data ?? []), [query.data]);
  return { query, index };
}

/**
 * The first pages of a project's task list, more on demand, indexed: the tree shares the whole
 * list's pages of 500; the graph asks for smaller ones (`limit`), as laying out costs far more
 * per task than a row.
 */
export function useTaskPages(projectId: string, limit: number = PAGE_LIMIT_MAX) {
  const trpc = useTRPC();
  const query = useInfiniteQuery(
    limit === PAGE_LIMIT_MAX
      ? projectTasksOptions(trpc, projectId)
      : trpc.task.list.infiniteQueryOptions({ projectId, limit }, { getNextPageParam: nextCursorOf }),
  );
  const index = useMemo(() => indexTasks(loadedTasks(query.data)), [query.data]);
  return { query, index };
}

/** A project's tasks counted per status (the board's columns), in all, and ready; refetched on task events. */
export function useTaskCounts(projectId: string) {
  const trpc = useTRPC();
  return useQuery(trpc.task.counts.queryOptions({ id: projectId }));
}
