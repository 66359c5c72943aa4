import { useSubscription } from "@trpc/tanstack-react-query";
import { useState, useSyncExternalStore } from "react";
import { useTRPC } from "../../../lib/trpc";
import { type LogSnapshot, LogStore } from "./log-store";

export type LogStreamStatus = "connecting" | "live" | "error";

export interface SessionLog extends LogSnapshot {
  status: LogStreamStatus;
  error: unknown;
}

/**
 * A session's log, replayed from the start and then followed live (`session.onLog`). The
 * subscription's batches are tracked by their last seq, so tRPC resumes after a dropped
 * socket with no gap; the buffer's cursor drops anything replayed twice. Memory stays bounded
 * by the buffer (the newest MAX_LINES lines).
 */
export function useSessionLog(sessionId: string): SessionLog {
  const trpc = useTRPC();
  const [store] = useState(() => new LogStore());
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const subscription = useSubscription(
    trpc.session.onLog.subscriptionOptions(
      { id: sessionId, afterSeq: 0 },
      { onData: (batch) => store.append(batch.data) },
    ),
  );
  const status: LogStreamStatus =
    subscription.status === "pending" ? "live" : subscription.status === "error" ? "error" : "connecting";
  return { ...snapshot, status, error: subscription.error };
}
