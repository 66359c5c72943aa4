import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../lib/trpc";

/** How many of a task's sessions its panel shows. */
const SHOWN = 20;

/** A task's latest sessions, newest first: one query shared by the panel's parts that read them. */
export function useTaskSessions(taskId: string) {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.session.list.queryOptions({ taskId, limit: SHOWN }),
    select: (page) => page.items,
  });
}
