import type { ReviewState } from "@maestro/domain";
import type { HTMLAttributes } from "react";
import styles from "./review-state-badge.module.css";

type ReviewStateBadgeProps = HTMLAttributes<HTMLSpanElement> & { state: ReviewState };

/** A phase's review state as a soft pill (colours from data-status, status.css); children say it. */
export function ReviewStateBadge({ state, ...span }: ReviewStateBadgeProps) {
  return <span {...span} className={styles.state} data-status={state} />;
}
