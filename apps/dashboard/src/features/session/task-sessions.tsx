import type { Task } from "@maestro/domain";
import { Link } from "react-router";
import { PanelSection } from "../task/panel/panel-section";
import { formatTime } from "../task/task-labels";
import { SessionEndReason } from "./session-end-reason";
import { SessionStatusBadge } from "./session-status";
import styles from "./task-sessions.module.css";
import { useTaskSessions } from "./use-task-sessions";

/** Region "Sessions" of the task panel: every run of the task, newest first, each a link with why it ended. */
export function TaskSessions({ task }: { task: Task }) {
  const sessions = useTaskSessions(task.id);
  return (
    <PanelSection title="Sessions" query={sessions} emptyText="Not run yet." listClassName={styles.list}>
      {(sessions.data ?? []).map((session) => (
        <li key={session.id}>
          <Link to={`/sessions/${session.id}`}>
            Attempt {session.attempt} · {session.agent}
          </Link>
          <SessionStatusBadge status={session.status} />
          <SessionEndReason session={session} />
          <time className="muted" dateTime={session.createdAt}>
            {formatTime(session.startedAt ?? session.createdAt)}
          </time>
        </li>
      ))}
    </PanelSection>
  );
}
