/** What waits for the person across every project: the dashboard's title counts it. */
export interface AttentionCounts {
  /** Sessions asking a question. */
  needsInput: number;
  /** Tasks waiting for review. */
  inReview: number;
  /** Spec phases submitted and waiting for approval. */
  approvals: number;
}

export function attentionTotal(counts: AttentionCounts): number {
  return counts.needsInput + counts.inReview + counts.approvals;
}
