import type { Project, Session } from "@maestro/domain";
import { Link } from "react-router";
import { TableHead } from "../../components/table-head";
import { useNow } from "../../lib/use-now";
import { formatTime } from "../task/task-labels";
import { ESTIMATE_NOTE, formatDuration, formatSessionCost, shortId } from "./session-labels";
import { SessionStatusBadge, StalledHint } from "./session-status";
import styles from "./sessions-table.module.css";
import { TaskLinks } from "./task-links";

interface SessionsTableProps {
  sessions: readonly Session[];
  /** Set on the all-projects list: adds a Project column. */
  projectsById?: ReadonlyMap<string, Project>;
}

/** One row per session; its link "Session <short id>" opens the session page. */
export function SessionsTable({ sessions, projectsById }: SessionsTableProps) {
  const now = useNow();
  return (
    <table className="data-table">
      <TableHead
        columns={[
          "Session",
          ...(projectsById ? ["Project"] : []),
          "Status",
          "Tasks",
          "Agent",
          "Attempt",
          "Started",
          "Duration",
          "Exit code",
          "Cost",
        ]}
      />
      <tbody>
        {sessions.map((session) => (
          <tr key={session.id} data-session-id={session.id}>
            <td>
              <Link
                to={`/sessions/${session.id}`}
                className={styles.link}
                aria-label={`Session ${shortId(session.id)}`}
              >
                <code>{shortId(session.id)}</code>
              </Link>
            </td>
            {projectsById ? <td>{projectsById.get(session.projectId)?.key ?? "—"}</td> : null}
            <td>
              <span className={styles.status}>
                <SessionStatusBadge status={session.status} />
                <StalledHint
                  status={session.status}
                  lastOutputAt={session.lastOutputAt}
                  startedAt={session.startedAt}
                  stalledAt={session.stalledAt}
                />
              </span>
            </td>
            <td>
              <TaskLinks projectId={session.projectId} taskIds={session.taskIds} />
            </td>
            <td>{session.agent}</td>
            <td>{session.attempt}</td>
            <td>{session.startedAt ? formatTime(session.startedAt) : "—"}</td>
            <td>{formatDuration(session, now) ?? "—"}</td>
            <td>{session.exitCode ?? "—"}</td>
            <td title={session.costIsEstimate ? ESTIMATE_NOTE : undefined}>{formatSessionCost(session)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
