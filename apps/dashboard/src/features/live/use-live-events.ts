import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useState } from "react";
import { useStartGate } from "../../lib/start-gate";
import { useTRPC } from "../../lib/trpc";
import { applyEvent } from "./apply-event";

export type LiveStatus = "connecting" | "live" | "reconnecting" | "offline";

/**
 * Follows every change on the server (all projects: one subscription serves the projects page
 * and the project pages alike) and applies it to the query cache, so work done in another
 * tab, by the CLI or by an agent shows up without a reload.
 *
 * The page's first queries wait for the first start (lib/start-gate.ts), so they are read after
 * the point the stream follows from and that start refetches nothing. Any other start (a
 * reconnect, or a first one after the queries were let go by a socket error or the timeout)
 * refetches what is cached: whatever changed meanwhile is read again.
 */
export function useLiveEvents(): LiveStatus {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const startGate = useStartGate();
  const [hasBeenLive, setHasBeenLive] = useState(false);
  const subscription = useSubscription(
    trpc.event.onEvent.subscriptionOptions(
      {},
      {
        onStarted: () => {
          setHasBeenLive(true);
          if (startGate?.openOnStart()) return;
          // Whatever changed between the first fetches (or a disconnect) and now is refetched.
          void queryClient.invalidateQueries(trpc.project.pathFilter());
          void queryClient.invalidateQueries(trpc.task.pathFilter());
          void queryClient.invalidateQueries(trpc.session.pathFilter());
          void queryClient.invalidateQueries(trpc.event.list.pathFilter());
          void queryClient.invalidateQueries(trpc.autopilot.pathFilter());
          void queryClient.invalidateQueries(trpc.spec.pathFilter());
        },
        onData: (tracked) => applyEvent(queryClient, trpc, tracked.data),
        onError: () => startGate?.release(),
      },
    ),
  );
  switch (subscription.status) {
    case "pending":
      return "live";
    case "connecting":
      return hasBeenLive ? "reconnecting" : "connecting";
    case "idle":
    case "error":
      return "offline";
  }
}
