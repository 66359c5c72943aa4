import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../lib/trpc";

// Usage arrives with the agent's output, which records no event of its own: look again now and then.
const REFRESH_MS = 15_000;

/** The project's spend against its budget, with each task's (subtasks included) and each spec's. */
export function useProjectSpend(projectId: string) {
  const trpc = useTRPC();
  return useQuery({ ...trpc.project.spend.queryOptions({ id: projectId }), refetchInterval: REFRESH_MS });
}
