import type { LandState } from "./landing/state";

/** What waits for the person across every project: the dashboard's title counts it. */
export interface AttentionCounts {
  /** Sessions asking a question. */
  needsInput: number;
  /** Tasks in review that wait for a person, not for the lander (see LANDER_LAND_STATES). */
  inReview: number;
  /** Spec phases submitted and waiting for approval. */
  approvals: number;
}

export function attentionTotal(counts: AttentionCounts): number {
  return counts.needsInput + counts.inReview + counts.approvals;
}

/**
 * A task in review in one of these land states waits for the lander (approved, or landing by
 * itself under the `auto` policy), not for the person: the title does not count it.
 */
export const LANDER_LAND_STATES: readonly LandState[] = ["queued", "landing"];
