import { AUTOPILOT_STATUS_TASKS_MAX, BUSY_SESSION_STATUSES } from "@maestro/domain";
import type { RouterOutputs } from "@maestro/server";
import { useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import { useTRPC } from "../../lib/trpc";
import { storeTask } from "../live/apply-event";
import { storeSession } from "../live/store-session";
import { explanationsByTask, nextWakeDelay } from "./autopilot-format";

export type AutopilotStatus = RouterOutputs["autopilot"]["status"];

/** The busy sessions a project page marks on its tasks; live events patch the list in place. */
export const BUSY_SESSIONS_LIMIT = 500;

const refetchAtWake = (query: { state: { data?: AutopilotStatus | undefined } }) =>
  nextWakeDelay(query.state.data?.wakeAt ?? null, Date.now());

/**
 * The project's autopilot: state, limits, the queue's head, and why each task of `taskIds` runs
 * or not (the server counts the others). Live events refetch every variant of it (see
 * apply-event.ts); a retry or a pause ending changes it without an event, so it is refetched then too.
 */
export function useAutopilotStatus(projectId: string, taskIds?: readonly string[]) {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.autopilot.status.queryOptions(taskIds ? { projectId, taskIds: [...taskIds] } : { projectId }),
    refetchInterval: refetchAtWake,
  });
}

function explanationsOf(results: ReadonlyArray<{ data?: AutopilotStatus | undefined }>): Map<string, string> {
  return explanationsByTask(results.flatMap((result) => result.data?.tasks ?? []));
}

/** Why each of `taskIds` runs or not (task id → text), asked a page of tasks at a time. */
export function useTaskExplanations(projectId: string, taskIds: readonly string[]): Map<string, string> {
  const trpc = useTRPC();
  const pages = useMemo(() => {
    const chunks: string[][] = [];
    for (let at = 0; at < taskIds.length; at += AUTOPILOT_STATUS_TASKS_MAX) {
      chunks.push(taskIds.slice(at, at + AUTOPILOT_STATUS_TASKS_MAX));
    }
    return chunks;
  }, [taskIds]);
  return useQueries({
    queries: pages.map((ids) => ({
      ...trpc.autopilot.status.queryOptions({ projectId, taskIds: ids }),
      refetchInterval: refetchAtWake,
    })),
    combine: explanationsOf,
  });
}

export function useBusySessions(projectId: string) {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.session.list.queryOptions({ projectId, status: [...BUSY_SESSION_STATUSES], limit: BUSY_SESSIONS_LIMIT }),
    select: (page) => page.items,
  });
}

/** Start and pause answer with the new status: it goes straight into the cache. */
export function useAutopilotMutations(projectId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const store = (status: AutopilotStatus) =>
    queryClient.setQueryData(trpc.autopilot.status.queryKey({ projectId }), status);
  const start = useMutation(trpc.autopilot.start.mutationOptions({ onSuccess: store }));
  const pause = useMutation(trpc.autopilot.pause.mutationOptions({ onSuccess: store }));
  return { start, pause };
}

export function useRetryTask() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.task.retry.mutationOptions({
      // The task is todo again; without autopilot on, a session was started for it at once.
      onSuccess: ({ task, session }) => {
        storeTask(queryClient, trpc, task);
        if (session) storeSession(queryClient, trpc, session, { isFromEvent: false });
        void queryClient.invalidateQueries(trpc.autopilot.status.queryFilter({ projectId: task.projectId }));
      },
    }),
  );
}
