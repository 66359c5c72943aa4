import type { SessionStatus } from "@maestro/domain";
import { cx } from "../../lib/cx";
import { useNow } from "../../lib/use-now";
import { SESSION_STATUS_LABELS, isFlaggedStalled, stalledMinutes } from "./session-labels";
import styles from "./session-status.module.css";

interface SessionStatusBadgeProps {
  status: SessionStatus;
  /** Makes it the page's status region ("Session status: Running"), so changes are read out. */
  isAnnounced?: boolean;
  /** The larger badge of a page title. */
  isLarge?: boolean;
}

/** A session's status exactly as the server last said it; in lists it is plain text. */
export function SessionStatusBadge({ status, isAnnounced = false, isLarge = false }: SessionStatusBadgeProps) {
  const label = SESSION_STATUS_LABELS[status];
  return (
    <span
      className={cx("status-badge", styles.badge, isLarge && styles.large)}
      data-status={status}
      {...(isAnnounced ? { role: "status", "aria-label": `Session status: ${label}` } : {})}
    >
      {label}
    </span>
  );
}

interface StalledHintProps {
  status: SessionStatus;
  lastOutputAt: string | null;
  startedAt: string | null;
  /** When the server flagged it stalled (silent for half its stall limit). */
  stalledAt?: string | null;
}

/**
 * "No output for N min" next to a running session that has been silent for 2 minutes or more;
 * "Stalled" once the server flagged it, unless output seen live came after the flag.
 */
export function StalledHint({ status, lastOutputAt, startedAt, stalledAt = null }: StalledHintProps) {
  const now = useNow();
  const minutes = stalledMinutes(status, lastOutputAt, startedAt, now);
  if (isFlaggedStalled(status, stalledAt, lastOutputAt)) {
    return (
      <span
        className={styles.stalled}
        title="Its agent has printed nothing for half its stall limit; Maestro stops it at the limit"
      >
        Stalled{minutes === null ? "" : ` · no output for ${minutes} min`}
      </span>
    );
  }
  if (minutes === null) return null;
  return (
    <span className={styles.stalled} title="The agent may be thinking, waiting for something, or stuck">
      No output for {minutes} min
    </span>
  );
}
