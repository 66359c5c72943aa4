import { type Session, formatMemoryMb, isSessionEnded } from "@maestro/domain";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { useNow } from "../../lib/use-now";
import { formatTime } from "../task/task-labels";
import styles from "./session-details.module.css";
import { SessionEndReason } from "./session-end-reason";
import { ESTIMATE_NOTE, formatDuration, formatSessionCost, formatTokens } from "./session-labels";
import { TaskLinks } from "./task-links";

function Item({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className={styles.item}>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

const orDash = (value: string | number | null) => (value === null || value === "" ? "—" : value);

/** "Resumes": the session this one continues, and why. */
function ResumesItem({ session }: { session: Session }) {
  return (
    <Item term="Resumes">
      {session.resumedFromId ? (
        <Link to={`/sessions/${session.resumedFromId}`}>session {session.resumedFromId.slice(0, 8)}</Link>
      ) : null}
      {session.resumedFromId && session.resumeReason ? ": " : null}
      {session.resumeReason}
    </Item>
  );
}

/** The facts of a session, as a description list. */
export function SessionDetails({ session }: { session: Session }) {
  // A running clock only while the duration still grows.
  const now = useNow(isSessionEnded(session.status) ? 60_000 : 1_000);
  return (
    <dl className={`box ${styles.details}`}>
      <Item term="Agent">{session.agent}</Item>
      <Item term="Role">{session.role}</Item>
      <Item term="Tasks">
        <TaskLinks projectId={session.projectId} taskIds={session.taskIds} />
      </Item>
      <Item term="Attempt">{session.attempt}</Item>
      <Item term="PID">{orDash(session.pid)}</Item>
      <Item term="Working directory">{session.cwd ? <code>{session.cwd}</code> : "—"}</Item>
      <Item term="Branch">{session.branch ? <code>{session.branch}</code> : "—"}</Item>
      {session.resumedFromId || session.resumeReason ? <ResumesItem session={session} /> : null}
      <Item term="Exit code">{orDash(session.exitCode)}</Item>
      <Item term="Cost">
        <span title={session.costIsEstimate ? ESTIMATE_NOTE : undefined}>{formatSessionCost(session)}</span>
      </Item>
      <Item term="Tokens">
        {formatTokens(session.tokensIn)} in · {formatTokens(session.tokensOut)} out
      </Item>
      <Item term="Peak memory">{session.peakRssMb === null ? "—" : formatMemoryMb(session.peakRssMb)}</Item>
      <Item term="Created">{formatTime(session.createdAt)}</Item>
      <Item term="Started">{formatTime(session.startedAt)}</Item>
      <Item term="Ended">{formatTime(session.endedAt)}</Item>
      <Item term="Duration">{formatDuration(session, now) ?? "—"}</Item>
      {session.endReason ? (
        <Item term="Ended because">
          <SessionEndReason session={session} />
        </Item>
      ) : null}
      {session.error ? (
        <Item term="Error">
          <span className={styles.error}>{session.error}</span>
        </Item>
      ) : null}
      <Item term="Last report">{orDash(session.lastReport)}</Item>
    </dl>
  );
}
