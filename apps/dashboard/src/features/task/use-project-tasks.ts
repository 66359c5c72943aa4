import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useTRPC } from "../../lib/trpc";
import { indexTasks } from "./task-index";

/** All tasks of a project (by id, so live events match the cached list), indexed. */
export function useProjectTasks(projectId: string) {
  const trpc = useTRPC();
  const query = useQuery(trpc.task.list.queryOptions({ projectId }));
  const index = useMemo(() => indexTasks(query.data ?? []), [query.data]);
  return { query, index };
}
