import { DOCUMENT_PHASES, type DocumentPhase, type ReviewState, type Spec, type SpecPhase } from "@maestro/domain";

export const PHASE_LABELS: Record<SpecPhase, string> = {
  requirements: "Requirements",
  design: "Design",
  tasks: "Tasks",
  implementation: "Implementation",
  done: "Done",
};

export const REVIEW_STATE_LABELS: Record<ReviewState, string> = {
  draft: "Draft",
  in_review: "In review",
  changes_requested: "Changes requested",
  approved: "Approved",
};

export function isDocumentPhase(value: string | null | undefined): value is DocumentPhase {
  return DOCUMENT_PHASES.some((phase) => phase === value);
}

/** The phase a spec page opens on: the one asked for, else the spec's current document phase. */
export function selectedPhase(spec: Pick<Spec, "phase">, requested: string | null): DocumentPhase {
  if (isDocumentPhase(requested)) return requested;
  return isDocumentPhase(spec.phase) ? spec.phase : "tasks";
}

export type StepState = "done" | "current" | "upcoming";

/** Where each of the five phases stands relative to the spec's current phase. */
export function stepState(spec: Pick<Spec, "phase">, phase: SpecPhase): StepState {
  const order: readonly SpecPhase[] = ["requirements", "design", "tasks", "implementation", "done"];
  const at = order.indexOf(spec.phase);
  const index = order.indexOf(phase);
  if (index < at || (spec.phase === "done" && phase === "done")) return "done";
  return index === at ? "current" : "upcoming";
}

/** One phase waiting for review, for the approvals inbox. */
export interface PendingReview {
  spec: Spec;
  phase: DocumentPhase;
  version: number | null;
  approvals: number;
  requiredApprovals: number;
}

/** Every phase in review, across the given specs, oldest change first. */
export function pendingReviews(specs: readonly Spec[]): PendingReview[] {
  return specs
    .flatMap((spec) =>
      spec.phases
        .filter((state) => state.reviewState === "in_review")
        .map((state) => ({
          spec,
          phase: state.phase,
          version: state.version,
          approvals: state.approvals,
          requiredApprovals: state.requiredApprovals,
        })),
    )
    .sort((a, b) => a.spec.updatedAt.localeCompare(b.spec.updatedAt));
}

/** `2 of 3 approvals`, or nothing while none is given and one is enough. */
export function approvalSummary(approvals: number, required: number): string {
  return `${approvals} of ${required} approval${required === 1 ? "" : "s"}`;
}
