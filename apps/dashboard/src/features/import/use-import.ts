import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../../lib/trpc";

/** What an import would do (writes nothing); a mutation because its input carries whole files. */
export function usePreviewImport() {
  const trpc = useTRPC();
  return useMutation(trpc.import.preview.mutationOptions());
}

/**
 * Applies an import in one transaction. Tasks, specs and steering are refetched rather than
 * patched in: an import writes many of each at once.
 */
export function useApplyImport() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.import.run.mutationOptions({
      onSuccess: () =>
        Promise.all([
          queryClient.invalidateQueries(trpc.task.pathFilter()),
          queryClient.invalidateQueries(trpc.spec.pathFilter()),
          queryClient.invalidateQueries(trpc.steering.pathFilter()),
        ]),
    }),
  );
}
