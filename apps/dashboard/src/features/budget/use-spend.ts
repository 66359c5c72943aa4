import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../lib/trpc";

// Usage arrives with the agent's output, which records no event of its own: look again now and then.
const REFRESH_MS = 15_000;

/** The project's spend against its budget, with each spec's. */
export function useProjectSpend(projectId: string) {
  const trpc = useTRPC();
  return useQuery({ ...trpc.project.spend.queryOptions({ id: projectId }), refetchInterval: REFRESH_MS });
}

/** A task's spend with its subtasks' (a project's answer no longer lists every task's). */
export function useTaskSpend(taskId: string) {
  const trpc = useTRPC();
  return useQuery({ ...trpc.task.spend.queryOptions({ id: taskId }), refetchInterval: REFRESH_MS });
}
