import styles from "./live-indicator.module.css";
import type { LiveStatus } from "./use-live-events";

const LABELS: Record<LiveStatus, string> = {
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Reconnecting…",
  offline: "Offline",
};

const HINTS: Record<LiveStatus, string> = {
  connecting: "Connecting to the Maestro server",
  live: "Changes from anywhere appear here as they happen",
  reconnecting: "Lost the connection to the server; retrying. Changes will catch up when it is back",
  offline: "Not receiving live changes; reload the page to try again",
};

/**
 * The connection to the server, as a polite status line ("Live", "Reconnecting…"); its
 * accessible name ("Connection: Live") keeps it apart from other status regions.
 */
export function LiveIndicator({ status }: { status: LiveStatus }) {
  return (
    <p
      role="status"
      aria-label={`Connection: ${LABELS[status]}`}
      className={styles.indicator}
      data-status={status}
      title={HINTS[status]}
    >
      <span className={styles.dot} aria-hidden="true" />
      {LABELS[status]}
    </p>
  );
}
