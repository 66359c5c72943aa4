import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../../lib/trpc";
import { storeSession } from "../live/store-session";

/*
 * Each mutation writes the session it returns into the cache (lists and its page), so the UI
 * is right before the live events arrive; a stale response never moves a session backwards.
 */

export function useStartSession() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.session.start.mutationOptions({
      onSuccess: (session) => storeSession(queryClient, trpc, session, { isFromEvent: false }),
    }),
  );
}

export function useStopSession() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.session.stop.mutationOptions({
      onSuccess: (session) => storeSession(queryClient, trpc, session, { isFromEvent: false }),
    }),
  );
}

/** Resume starts a new attempt: the answer is a new, queued session. */
export function useResumeSession() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.session.resume.mutationOptions({
      onSuccess: (session) => storeSession(queryClient, trpc, session, { isFromEvent: false }),
    }),
  );
}
