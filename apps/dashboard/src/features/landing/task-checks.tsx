import type { Task } from "@maestro/domain";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { useTRPC } from "../../lib/trpc";
import { PanelSection } from "../task/panel/panel-section";
import { formatTime } from "../task/task-labels";
import styles from "./landing.module.css";

const CHECK_STATUS_LABELS = { running: "Running", passed: "Passed", failed: "Failed" } as const;

/**
 * Region "Checks": each run of the project's checks, newest first — command, status, exit code,
 * and a group "Output of <command>" with the end of what it printed (the rest is in the log).
 */
export function TaskChecks({ task }: { task: Task }) {
  const trpc = useTRPC();
  // The newest 100 runs (the API pages them newest first).
  const checks = useQuery({ ...trpc.task.checks.queryOptions({ id: task.id }), select: (page) => page.items });
  const newestFirst = checks.data ?? [];
  return (
    <PanelSection title="Checks" query={checks} emptyText="No checks have run." listClassName={styles.checks}>
      {newestFirst.map((check) => (
        <li key={check.id} className={styles.check}>
          <div className={styles.checkHead}>
            <code>{check.command}</code>
            <span className="status-pill" data-status={check.status}>
              {CHECK_STATUS_LABELS[check.status]}
            </span>
            {check.exitCode !== null ? <span className="muted">exit code {check.exitCode}</span> : null}
            <time dateTime={check.startedAt} className="muted">
              {formatTime(check.startedAt)}
            </time>
            <Link to={`/sessions/${check.sessionId}`}>Session log</Link>
          </div>
          {check.outputTail ? (
            <details className={styles.output} aria-label={`Output of ${check.command}`}>
              <summary>Output</summary>
              <pre>{check.outputTail}</pre>
            </details>
          ) : null}
        </li>
      ))}
    </PanelSection>
  );
}
