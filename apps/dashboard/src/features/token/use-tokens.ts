import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../../lib/trpc";

export function useTokens() {
  const trpc = useTRPC();
  return useQuery(trpc.token.list.queryOptions());
}

/** The list is refetched after each change: tokens are few and have no live event. */
function useTokenMutationOptions() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return { trpc, onSuccess: () => queryClient.invalidateQueries(trpc.token.list.pathFilter()) };
}

export function useCreateToken() {
  const { trpc, onSuccess } = useTokenMutationOptions();
  return useMutation(trpc.token.create.mutationOptions({ onSuccess }));
}

export function useRevokeToken() {
  const { trpc, onSuccess } = useTokenMutationOptions();
  return useMutation(trpc.token.revoke.mutationOptions({ onSuccess }));
}
