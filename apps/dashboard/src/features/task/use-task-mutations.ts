import type { Task } from "@maestro/domain";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { hasDomainCode } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { cachedTask, forgetTask, storeTask, taskListsFilter } from "../live/apply-event";

/*
 * Every mutation writes its result into the cache itself, so the UI is right even before (or
 * without) the live event for the same change; the cache keeps the newer version of the two.
 */

export function useCreateTask() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(trpc.task.create.mutationOptions({ onSuccess: (task) => storeTask(queryClient, trpc, task) }));
}

/** `task.update` with the version the user saw; a conflict refetches so the next try is fresh. */
export function useUpdateTask() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.task.update.mutationOptions({
      onSuccess: (task) => storeTask(queryClient, trpc, task),
      onError: (error) => {
        if (hasDomainCode(error, "VERSION_CONFLICT")) void queryClient.invalidateQueries(trpc.task.pathFilter());
      },
    }),
  );
}

/** Status moves from the board: the card moves at once and goes back if the server refuses. */
export function useSetTaskStatus() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const mutation = useMutation(
    trpc.task.update.mutationOptions({
      onMutate: async (input) => {
        await queryClient.cancelQueries(trpc.task.list.pathFilter());
        // The same version: the server's answer (or its event), one version newer, replaces it.
        const task = cachedTask(queryClient, trpc, input.id);
        if (task && input.status) storeTask(queryClient, trpc, { ...task, status: input.status });
      },
      onSuccess: (task) => storeTask(queryClient, trpc, task),
      // Rolling back to a snapshot could undo someone else's newer change: refetch instead.
      onError: () => void queryClient.invalidateQueries(trpc.task.pathFilter()),
    }),
  );
  const setStatus = (task: Task, status: Task["status"]) => {
    if (task.status === status) return;
    mutation.mutate({ id: task.id, version: task.version, status });
  };
  return { setStatus, error: mutation.error, reset: mutation.reset };
}

export function useDeleteTask() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.task.delete.mutationOptions({
      onSuccess: (task) => {
        forgetTask(queryClient, trpc, task);
        // Subtasks and dependents changed too; their events follow, this covers a dropped socket.
        void queryClient.invalidateQueries(taskListsFilter(trpc, task.projectId));
      },
    }),
  );
}
