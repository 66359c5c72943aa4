import type { TaskStatus } from "@maestro/domain";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { nextCursorOf } from "../../../lib/pages";
import { loadedTasks } from "../../live/task-pages";
import { useTRPC } from "../../../lib/trpc";

/** Cards per page of a column: more than a screen holds, little enough to open a big board fast. */
export const COLUMN_PAGE_SIZE = 25;

/** One board column's tasks, a page at a time in the board's order; live events patch the pages. */
export function useColumnTasks(projectId: string, status: TaskStatus) {
  const trpc = useTRPC();
  const query = useInfiniteQuery(
    trpc.task.list.infiniteQueryOptions(
      { projectId, status: [status], limit: COLUMN_PAGE_SIZE },
      { getNextPageParam: nextCursorOf },
    ),
  );
  const tasks = useMemo(() => loadedTasks(query.data), [query.data]);
  return { query, tasks };
}
