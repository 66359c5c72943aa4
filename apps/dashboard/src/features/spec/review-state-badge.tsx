import type { ReviewState } from "@maestro/domain";
import type { HTMLAttributes } from "react";
import styles from "./review-state-badge.module.css";

type ReviewStateBadgeProps = HTMLAttributes<HTMLSpanElement> & { state: ReviewState };

/** A phase's review state as a status pill, a little larger than most; children say it. */
export function ReviewStateBadge({ state, ...span }: ReviewStateBadgeProps) {
  return <span {...span} className={`status-pill ${styles.state}`} data-status={state} />;
}
