import type { Session } from "@maestro/domain";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../../lib/trpc";
import { storeSession } from "../live/store-session";

/*
 * Each mutation writes the session it returns into the cache (lists and its page), so the UI
 * is right before the live events arrive; a stale response never moves a session backwards.
 */
function useStoreSession() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return { trpc, onSuccess: (session: Session) => storeSession(queryClient, trpc, session, { isFromEvent: false }) };
}

export function useStartSession() {
  const { trpc, onSuccess } = useStoreSession();
  return useMutation(trpc.session.start.mutationOptions({ onSuccess }));
}

export function useStopSession() {
  const { trpc, onSuccess } = useStoreSession();
  return useMutation(trpc.session.stop.mutationOptions({ onSuccess }));
}

/** Resume starts a new attempt: the answer is a new, queued session. */
export function useResumeSession() {
  const { trpc, onSuccess } = useStoreSession();
  return useMutation(trpc.session.resume.mutationOptions({ onSuccess }));
}
