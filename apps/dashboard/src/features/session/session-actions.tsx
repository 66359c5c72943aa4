import { type Session, canResumeSession, canStopSession, isSessionEnded } from "@maestro/domain";
import { useNavigate } from "react-router";
import { ErrorAlert } from "../../components/error-alert";
import { useCan } from "../auth/use-me";
import styles from "./session-actions.module.css";
import { useResumeSession, useStopSession } from "./use-session-mutations";

/**
 * Buttons "Stop session" (while it may run) and "Resume session" (after an interruption, a
 * failure, a cancel or a timeout: a new attempt, whose page opens). Results in role="status",
 * errors in role="alert". Neither for who may not run agents (a viewer).
 */
export function SessionActions({ session }: { session: Session }) {
  const navigate = useNavigate();
  const stop = useStopSession();
  const resume = useResumeSession();
  const canStop = useCan("session.stop") && canStopSession(session.status);
  const canResume = useCan("session.resume") && canResumeSession(session.status);
  const isStopping = stop.isSuccess && !isSessionEnded(session.status);

  return (
    <div className={styles.actions}>
      {canStop ? (
        <button
          type="button"
          className="button button--danger-ghost"
          aria-busy={stop.isPending}
          onClick={() => !stop.isPending && stop.mutate({ id: session.id })}
        >
          Stop session
        </button>
      ) : null}
      {canResume ? (
        <button
          type="button"
          className="button button--primary"
          aria-busy={resume.isPending}
          onClick={() =>
            !resume.isPending &&
            resume.mutate({ id: session.id }, { onSuccess: (next) => void navigate(`/sessions/${next.id}`) })
          }
        >
          Resume session
        </button>
      ) : null}
      <span className="muted" role="status">
        {stop.isPending ? "Stopping…" : isStopping ? "Stop requested: waiting for the agent to exit" : ""}
        {resume.isPending ? "Starting a new attempt…" : ""}
      </span>
      <ErrorAlert error={stop.error ?? resume.error} onDismiss={() => (stop.error ? stop.reset() : resume.reset())} />
    </div>
  );
}
