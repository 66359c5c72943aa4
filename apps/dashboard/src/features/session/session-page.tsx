/*
 * Session page (`/sessions/:id`). Accessible names for tests:
 * heading "Session <short id>"; status "Session status: <Status>" (exactly the server's);
 * "No output for N min" beside it when a running session is silent; link "Sessions" (back to
 * the project's sessions); task links "<KEY>"; buttons "Stop session", "Resume session";
 * note "The agent asks: …" while it needs input; collapsible group "Prompt" (text "Prompt text");
 * tablist "Session views" with tabs "Log" (region "Timeline"; region "Session log", see
 * log-view.tsx) and, for a session on a task's branch, "Changes" (`?tab=changes`; see changes-tab.tsx).
 */
import type { Session } from "@maestro/domain";
import type { ReactNode } from "react";
import { useQuery } from "@tanstack/react-query";
import { Link, useParams, useSearchParams } from "react-router";
import { Tabs } from "../../components/tabs";
import { SessionChanges } from "../landing/session-changes";
import { Loading } from "../../components/empty-state";
import { QueryError } from "../../components/query-error";
import { useTRPC } from "../../lib/trpc";
import { LogView } from "./log/log-view";
import { useSessionLog } from "./log/use-session-log";
import { PromptText } from "./prompt-text";
import { SessionActions } from "./session-actions";
import { SessionDetails } from "./session-details";
import { laterTime, shortId } from "./session-labels";
import styles from "./session-page.module.css";
import { SessionStatusBadge, StalledHint } from "./session-status";
import { SessionTimeline } from "./session-timeline";

export function SessionPage() {
  const { id = "" } = useParams();
  const trpc = useTRPC();
  const session = useQuery(trpc.session.byId.queryOptions({ id }));
  if (session.isPending) return <Loading label="Loading session…" />;
  if (session.isError) {
    return (
      <div className="page">
        <QueryError error={session.error} notFoundTitle={`Session ${shortId(id)} not found`}>
          <p>
            <Link to="/">Back to projects</Link>
          </p>
        </QueryError>
      </div>
    );
  }
  return <SessionWorkspace key={id} session={session.data} />;
}

function SessionWorkspace({ session }: { session: Session }) {
  const trpc = useTRPC();
  const project = useQuery(trpc.project.byId.queryOptions({ id: session.projectId }));
  const log = useSessionLog(session.id);
  // The server's lastOutputAt is not pushed live; the log stream is.
  const lastOutputAt = laterTime(session.lastOutputAt, log.lastTs);
  return (
    <div className="page page--wide">
      <title>{`Session ${shortId(session.id)} · Maestro`}</title>
      <div className="page-header">
        <div className="page-title">
          {project.data ? (
            <nav aria-label="Breadcrumb" className={styles.breadcrumbs}>
              <Link to={`/projects/${project.data.key}`}>{project.data.name}</Link>
              <span aria-hidden="true"> / </span>
              <Link to={`/projects/${project.data.key}/sessions`}>Sessions</Link>
            </nav>
          ) : null}
          <h1>Session {shortId(session.id)}</h1>
          <SessionStatusBadge status={session.status} isAnnounced isLarge />
          <StalledHint
            status={session.status}
            lastOutputAt={lastOutputAt}
            startedAt={session.startedAt}
            stalledAt={session.stalledAt}
          />
        </div>
        <SessionActions session={session} />
      </div>
      {session.status === "needs_input" && session.lastReport ? (
        <p className="notice" role="note">
          <span>
            <strong>The agent asks:</strong> {session.lastReport}
          </span>
        </p>
      ) : null}
      <SessionDetails session={session} />
      <details className="disclosure" aria-label="Prompt">
        <summary>Prompt</summary>
        <PromptText text={session.prompt} label="Prompt text" />
      </details>
      <SessionTabs taskId={session.branch ? (session.taskIds[0] ?? null) : null}>
        <div className={styles.body}>
          <LogView sessionId={session.id} log={log} />
          <SessionTimeline session={session} />
        </div>
      </SessionTabs>
    </div>
  );
}

type SessionTab = "log" | "changes";
const TABS: { id: SessionTab; label: string }[] = [
  { id: "log", label: "Log" },
  { id: "changes", label: "Changes" },
];

/** The log (children), and beside it the Changes of the session's task when it works on a branch. */
function SessionTabs({ taskId, children }: { taskId: string | null; children: ReactNode }) {
  const [searchParams, setSearchParams] = useSearchParams();
  if (!taskId) return children;
  const tab: SessionTab = searchParams.get("tab") === "changes" ? "changes" : "log";
  const select = (next: SessionTab) => setSearchParams(next === "log" ? {} : { tab: next }, { replace: true });
  return (
    <Tabs label="Session views" tabs={TABS} selected={tab} onSelect={select}>
      {tab === "changes" ? <SessionChanges taskId={taskId} /> : children}
    </Tabs>
  );
}
