import type { Task } from "@maestro/domain";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { useTRPC } from "../../lib/trpc";
import { PanelSection } from "../task/panel/panel-section";
import { formatTime } from "../task/task-labels";
import { SessionStatusBadge } from "./session-status";
import styles from "./task-sessions.module.css";

const SHOWN = 20;

/** Region "Sessions" of the task panel: every run of the task, newest first, each a link. */
export function TaskSessions({ task }: { task: Task }) {
  const trpc = useTRPC();
  const sessions = useQuery({
    ...trpc.session.list.queryOptions({ taskId: task.id, limit: SHOWN }),
    select: (page) => page.items,
  });
  return (
    <PanelSection title="Sessions" query={sessions} emptyText="Not run yet." listClassName={styles.list}>
      {(sessions.data ?? []).map((session) => (
        <li key={session.id}>
          <Link to={`/sessions/${session.id}`}>
            Attempt {session.attempt} · {session.agent}
          </Link>
          <SessionStatusBadge status={session.status} />
          <time className="muted" dateTime={session.createdAt}>
            {formatTime(session.startedAt ?? session.createdAt)}
          </time>
        </li>
      ))}
    </PanelSection>
  );
}
