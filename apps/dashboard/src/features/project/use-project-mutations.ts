import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../../lib/trpc";
import { forgetProject, storeProject } from "../live/apply-event";

export function useCreateProject() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.project.create.mutationOptions({ onSuccess: (project) => storeProject(queryClient, trpc, project) }),
  );
}

export function useDeleteProject() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.project.delete.mutationOptions({ onSuccess: (project) => forgetProject(queryClient, trpc, project) }),
  );
}

export function useUpdateProject() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.project.update.mutationOptions({ onSuccess: (project) => storeProject(queryClient, trpc, project) }),
  );
}
