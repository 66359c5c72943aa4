import type { SessionStatus } from "@maestro/domain";
import { useNow } from "../../lib/use-now";
import { SESSION_STATUS_LABELS, stalledMinutes } from "./session-labels";

/**
 * A session's status exactly as the server last said it. `isAnnounced` makes it the page's
 * status region ("Session status: Running"), so changes are read out; in lists it is plain text.
 */
export function SessionStatusBadge({ status, isAnnounced = false }: { status: SessionStatus; isAnnounced?: boolean }) {
  const label = SESSION_STATUS_LABELS[status];
  return (
    <span
      className={`session-badge session-badge--${status}`}
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
}

/** "No output for N min" next to a running session that has been silent for 2 minutes or more. */
export function StalledHint({ status, lastOutputAt, startedAt }: StalledHintProps) {
  const now = useNow();
  const minutes = stalledMinutes(status, lastOutputAt, startedAt, now);
  if (minutes === null) return null;
  return (
    <span className="stalled-hint" title="The agent may be thinking, waiting for something, or stuck">
      No output for {minutes} min
    </span>
  );
}
