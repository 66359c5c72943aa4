/*
 * "Why not running" line of the task panel, with "Retry" on failed tasks and "Release" on tasks a
 * stop holds, and how its last session ended. Accessible names: region "Why not running"; button
 * "Retry" or "Release" (not for a viewer); a refused retry shows role="alert".
 */
import { type Task, isSessionEnded } from "@maestro/domain";
import { ErrorAlert } from "../../components/error-alert";
import { useCan } from "../auth/use-me";
import { SessionEndReason } from "../session/session-end-reason";
import { useTaskSessions } from "../session/use-task-sessions";
import styles from "./task-why.module.css";
import { useAutopilotStatus, useRetryTask } from "./use-autopilot";
import { WhyAction } from "./why-action";

export function TaskWhy({ task }: { task: Task }) {
  const status = useAutopilotStatus(task.projectId, [task.id]);
  const retry = useRetryTask();
  const canRetry = useCan("task.retry");
  const lastEnded = useTaskSessions(task.id).data?.find((session) => isSessionEnded(session.status));
  const why = status.data?.tasks.find((entry) => entry.taskId === task.id);
  const isRunning = why?.reasons.some((reason) => reason.kind === "running" || reason.kind === "starting") ?? false;
  return (
    <section className={styles.why} aria-label="Why not running">
      <div className={styles.row}>
        <span className={styles.label}>{isRunning ? "Now" : "Why not running"}</span>
        <span>{why ? why.text : status.isPending ? "…" : "—"}</span>
        {canRetry ? (
          <WhyAction
            task={task}
            isPending={retry.isPending}
            className={styles.retry ?? ""}
            onAct={() => retry.mutate({ id: task.id })}
          />
        ) : null}
      </div>
      {lastEnded ? (
        <div className={styles.row}>
          <SessionEndReason session={lastEnded} prefix="Last session: " />
        </div>
      ) : null}
      <ErrorAlert error={retry.error} onDismiss={retry.reset} />
    </section>
  );
}
