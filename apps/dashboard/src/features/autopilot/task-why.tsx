/*
 * "Why not running" line of the task panel, with "Retry" on failed tasks. Accessible names:
 * region "Why not running"; button "Retry"; a refused retry shows role="alert".
 */
import type { Task } from "@maestro/domain";
import { ErrorAlert } from "../../components/error-alert";
import { useAutopilotStatus, useRetryTask } from "./use-autopilot";

export function TaskWhy({ task }: { task: Task }) {
  const status = useAutopilotStatus(task.projectId);
  const retry = useRetryTask();
  const why = status.data?.tasks.find((entry) => entry.taskId === task.id);
  const isRunning = why?.reasons.some((reason) => reason.kind === "running" || reason.kind === "starting") ?? false;
  return (
    <section className="task-why" aria-label="Why not running">
      <div className="task-why-row">
        <span className="task-why-label">{isRunning ? "Now" : "Why not running"}</span>
        <span className="task-why-text">{why ? why.text : status.isPending ? "…" : "—"}</span>
        {task.status === "failed" ? (
          <button
            type="button"
            className="button button--small"
            disabled={retry.isPending}
            onClick={() => retry.mutate({ id: task.id })}
          >
            Retry
          </button>
        ) : null}
      </div>
      <ErrorAlert error={retry.error} onDismiss={retry.reset} />
    </section>
  );
}
