import { DomainError } from "./errors";
import type { DocumentPhase, ReviewState } from "./spec";

/** What the review rules need to know about one phase of a spec. */
export interface PhaseFacts {
  phase: DocumentPhase;
  reviewState: ReviewState;
  /** The current document version; null when the phase has no document yet. */
  version: number | null;
  /** The review state of the phase before; null for requirements. */
  previousState: ReviewState | null;
  requiredApprovals: number;
  /** Actors who approved the current version. */
  approvers: readonly string[];
}

function refuse(message: string): DomainError {
  return new DomainError("INVALID_TRANSITION", message, { field: "phase" });
}

function assertHasDocument(facts: PhaseFacts, verb: string): void {
  if (facts.version === null) {
    throw refuse(`cannot ${verb} the ${facts.phase} phase: it has no document yet (write ${facts.phase}.md first)`);
  }
}

/** Asking for review: from draft or after changes were requested. */
export function decideSubmission(facts: PhaseFacts): ReviewState {
  assertHasDocument(facts, "submit");
  if (facts.reviewState === "in_review") throw refuse(`the ${facts.phase} phase is already in review`);
  if (facts.reviewState === "approved") throw refuse(`the ${facts.phase} phase is already approved`);
  return "in_review";
}

/**
 * An approval counts once per actor and version; the phase is approved when it has the
 * required number. The phase before must be approved first. Actors are compared in any case: a
 * token's name is unique in any case, so `person:ada` and `person:Ada` (a rotated token) are one person.
 */
export function decideApproval(facts: PhaseFacts, actor: string): ReviewState {
  assertHasDocument(facts, "approve");
  if (facts.previousState !== null && facts.previousState !== "approved") {
    throw refuse(`cannot approve the ${facts.phase} phase before the ${previousName(facts.phase)} phase is approved`);
  }
  if (facts.reviewState === "approved") throw refuse(`the ${facts.phase} phase is already approved`);
  const same = actor.toLowerCase();
  if (facts.approvers.some((approver) => approver.toLowerCase() === same)) {
    throw new DomainError(
      "ALREADY_EXISTS",
      `${actor} already approved version ${facts.version} of the ${facts.phase} phase; it needs ${facts.requiredApprovals} approvals from different people, each with their own token`,
      { field: "actor" },
    );
  }
  return facts.approvers.length + 1 >= facts.requiredApprovals ? "approved" : "in_review";
}

export function decideChangeRequest(facts: PhaseFacts): ReviewState {
  assertHasDocument(facts, "request changes to");
  if (facts.reviewState === "approved") {
    throw refuse(`the ${facts.phase} phase is already approved; edit its document to reopen it`);
  }
  return "changes_requested";
}

/**
 * The review state after a new version: an approval was for the old text, so an approved
 * phase goes back to draft; a change that only ticks checkboxes keeps the state.
 */
export function stateAfterEdit(state: ReviewState, isCheckboxOnly: boolean): ReviewState {
  if (isCheckboxOnly) return state;
  return state === "approved" ? "draft" : state;
}

function previousName(phase: DocumentPhase): string {
  return phase === "tasks" ? "design" : "requirements";
}
