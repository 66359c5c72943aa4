import type { ChecksState, LandState, Task, TaskReviewState } from "@maestro/domain";

export const CHECKS_LABELS: Record<ChecksState, string> = {
  none: "No checks",
  running: "Checks running",
  passed: "Checks passed",
  failed: "Checks failed",
};

export const REVIEW_LABELS: Record<TaskReviewState, string> = {
  none: "Not reviewed",
  pending: "Review pending",
  approved: "Approved",
  changes_requested: "Changes requested",
};

export const LAND_LABELS: Record<LandState, string> = {
  none: "Not landing yet",
  queued: "Queued to land",
  landing: "Landing",
  waiting: "Waiting to land",
  conflict: "Conflict",
  pr_open: "Pull request open",
  landed: "Landed",
};

export interface LandingActions {
  canApprove: boolean;
  canRequestChanges: boolean;
  canLand: boolean;
  canResolve: boolean;
}

/** What the landing state lets a person do now (the same rules the server checks, which has the last word). */
export function landingActions(task: Task): LandingActions {
  const { landing } = task;
  // Reviewed is the branch's checked commit, in review; a landing under way is past review.
  const isReviewable =
    task.status === "in_review" &&
    landing.branch !== null &&
    landing.headCommit !== null &&
    landing.landState !== "landing" &&
    landing.landState !== "landed";
  const isLandable = landing.landState === "none" || landing.landState === "queued" || landing.landState === "waiting";
  return {
    canApprove: isReviewable && isLandable && landing.reviewState !== "approved",
    canRequestChanges: isReviewable,
    canLand:
      isReviewable &&
      (landing.landState === "queued" ||
        landing.landState === "waiting" ||
        (landing.landState === "none" && landing.reviewState === "approved")),
    canResolve: landing.landState === "conflict" && task.status === "in_review",
  };
}

export type LandingMark = "landed" | "not_landed" | "conflict" | "waiting" | "queued" | "pr_open";

export const LANDING_MARK_LABELS: Record<LandingMark, string> = {
  landed: "Landed",
  not_landed: "Done, not landed",
  conflict: "Conflict",
  waiting: "Waiting to land",
  queued: "Queued to land",
  pr_open: "Pull request open",
};

/** What the graph marks on a task that works on a branch; null for one that never had one. */
export function landingMark(task: Task): LandingMark | null {
  const { landing } = task;
  if (landing.landState === "landed") return "landed";
  if (landing.branch === null) return null;
  switch (landing.landState) {
    case "conflict":
    case "waiting":
    case "queued":
    case "pr_open":
      return landing.landState;
    case "landing":
      return "queued";
    case "none":
      return task.status === "done" ? "not_landed" : null;
  }
}

export function shortCommit(commit: string | null): string {
  return commit ? commit.slice(0, 10) : "—";
}
