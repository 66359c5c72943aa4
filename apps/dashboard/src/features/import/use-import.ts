import type { ImportInput, ImportPlan } from "@maestro/domain";
import { useMutation } from "@tanstack/react-query";

// Stand-in until the server's import procedures land (wt/import): same input and output types.
const notYet = (_input: ImportInput): Promise<ImportPlan> =>
  Promise.reject(new Error("The server does not offer imports yet."));

/** What an import would do (writes nothing). */
export function usePreviewImport() {
  return useMutation({ mutationFn: notYet });
}

/** Applies an import in one transaction; the task, spec and steering views then refetch. */
export function useApplyImport() {
  return useMutation({ mutationFn: notYet });
}
