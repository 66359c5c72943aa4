import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../../lib/trpc";
import { storeTask } from "../live/apply-event";
import { storeSession } from "../live/store-session";

/*
 * Like every mutation here, each writes its result into the cache itself; the live events for
 * the same change (task.updated, task.reviewed) arrive too, and the newer version wins.
 */

export function useReviewTask() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.task.review.mutationOptions({
      onSuccess: (outcome) => {
        storeTask(queryClient, trpc, outcome.task);
        if (outcome.session) storeSession(queryClient, trpc, outcome.session, { isFromEvent: false });
        void queryClient.invalidateQueries(trpc.task.reviews.queryFilter({ id: outcome.task.id }));
      },
    }),
  );
}

export function useLandTask() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(trpc.task.land.mutationOptions({ onSuccess: (task) => storeTask(queryClient, trpc, task) }));
}

export function useResolveTask() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.task.resolve.mutationOptions({
      onSuccess: (session) => storeSession(queryClient, trpc, session, { isFromEvent: false }),
    }),
  );
}
