import type { Task } from "@maestro/domain";
import { type QueryKey, matchQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { useTRPC } from "../../lib/trpc";
import type { CachedPages } from "../live/page-cache";
import { type TaskListFilter, tasksOfPages } from "../live/task-pages";
import { type TaskIndex, indexTasks } from "./task-index";

function projectOf(queryKey: QueryKey): string | undefined {
  return (queryKey[1] as { input?: TaskListFilter } | undefined)?.input?.projectId;
}

/**
 * Every task of a project that a cached list holds (the board's columns, the tree's pages, the
 * whole list of a small project), indexed: a big project is never loaded whole for the board's
 * hints and pickers. Rebuilt at most once a frame, whatever burst of events patched the lists.
 */
export function useKnownTasks(projectId: string): TaskIndex {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let frame = 0;
    const unsubscribe = queryClient.getQueryCache().subscribe((event) => {
      const isChange = event.type === "removed" || (event.type === "updated" && event.action.type === "success");
      if (!isChange || frame !== 0 || projectOf(event.query.queryKey) !== projectId) return;
      if (!matchQuery(trpc.task.list.pathFilter(), event.query)) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        setVersion((current) => current + 1);
      });
    });
    return () => {
      unsubscribe();
      cancelAnimationFrame(frame);
    };
  }, [queryClient, trpc, projectId]);
  return useMemo(() => {
    const lists = queryClient
      .getQueryCache()
      .findAll(trpc.task.list.pathFilter())
      .filter((query) => projectOf(query.queryKey) === projectId)
      .map((query) => query.state.data as CachedPages<Task> | undefined);
    return indexTasks(tasksOfPages(lists));
    // `version` changes whenever one of those lists does.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [queryClient, trpc, projectId, version]);
}
