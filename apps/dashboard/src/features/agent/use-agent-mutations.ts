import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../../lib/trpc";

/* Profiles change rarely and publish no events: every change refetches the profile queries. */

export function useAddAgent() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.agent.add.mutationOptions({ onSuccess: () => queryClient.invalidateQueries(trpc.agent.pathFilter()) }),
  );
}

export function useUpdateAgent() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.agent.update.mutationOptions({ onSuccess: () => queryClient.invalidateQueries(trpc.agent.pathFilter()) }),
  );
}

export function useRemoveAgent() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.agent.remove.mutationOptions({ onSuccess: () => queryClient.invalidateQueries(trpc.agent.pathFilter()) }),
  );
}

/** Lifts the usage-limit pause of a profile's account (agent.resume); its waiting sessions are queued again. */
export function useResumeAccount() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.agent.resume.mutationOptions({ onSuccess: () => queryClient.invalidateQueries(trpc.agent.pathFilter()) }),
  );
}
