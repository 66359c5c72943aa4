import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../../lib/trpc";

/*
 * Spec changes also arrive as live events; refetching every spec query on success as well makes
 * the acting tab right at once even if its subscription is reconnecting.
 */
function useSpecInvalidation() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return { trpc, invalidate: () => queryClient.invalidateQueries(trpc.spec.pathFilter()) };
}

export function useCreateSpec() {
  const { trpc, invalidate } = useSpecInvalidation();
  return useMutation(trpc.spec.create.mutationOptions({ onSuccess: invalidate }));
}

export function useEditSpec() {
  const { trpc, invalidate } = useSpecInvalidation();
  return useMutation(trpc.spec.edit.mutationOptions({ onSuccess: invalidate }));
}

export function useSyncSpec() {
  const { trpc, invalidate } = useSpecInvalidation();
  return useMutation(trpc.spec.sync.mutationOptions({ onSettled: invalidate }));
}

/** Submit for review, approve and request changes: one review step each. */
export function useReviewSpec() {
  const { trpc, invalidate: invalidateSpecs } = useSpecInvalidation();
  const queryClient = useQueryClient();
  const invalidate = () => {
    void invalidateSpecs();
    // Approving tasks.md creates tasks; their events patch the board, this covers a lagging socket.
    void queryClient.invalidateQueries(trpc.task.pathFilter());
  };
  return {
    submit: useMutation(trpc.spec.submit.mutationOptions({ onSuccess: invalidate })),
    approve: useMutation(trpc.spec.approve.mutationOptions({ onSuccess: invalidate })),
    reject: useMutation(trpc.spec.reject.mutationOptions({ onSuccess: invalidate })),
  };
}

export function useWriteSteering() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // Steering files publish no events: refetch them after a write.
  return useMutation(
    trpc.steering.write.mutationOptions({ onSuccess: () => queryClient.invalidateQueries(trpc.steering.pathFilter()) }),
  );
}
