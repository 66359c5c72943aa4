/*
 * Region "Review": textbox "Review comment", buttons "Approve", "Request changes", "Land" and
 * "Resolve with agent" (with select "Resolving agent") as the task's landing state and the caller's role allow;
 * a refusal (ours or the server's) in role="alert"; a follow-up's link "Open the session".
 */
import type { Task } from "@maestro/domain";
import { Link } from "react-router";
import { ErrorAlert } from "../../../components/error-alert";
import { useCan } from "../../auth/use-me";
import { type LandingActions, landingActions } from "../landing-format";
import styles from "./review.module.css";
import { ResolveControls } from "./resolve-controls";
import { useReviewActions } from "./use-review-actions";

type ReviewActionsState = ReturnType<typeof useReviewActions>;

export function ReviewActions({ task }: { task: Task }) {
  const allowed = useAllowedActions(task);
  const actions = useReviewActions(task);
  const canReview = allowed.canApprove || allowed.canRequestChanges;
  if (!canReview && !allowed.canLand && !allowed.canResolve && !actions.followUp) return null;
  return (
    <section aria-label="Review" className={styles.actions}>
      {canReview ? (
        <ReviewComment
          comment={actions.draft.comment}
          lineComments={actions.draft.comments.length}
          onComment={actions.setComment}
        />
      ) : null}
      <ActionButtons allowed={allowed} actions={actions} />
      <ActionOutcome actions={actions} />
    </section>
  );
}

/** What the task's landing state allows, less what the caller's role may not do. */
function useAllowedActions(task: Task): LandingActions {
  const allowed = landingActions(task);
  const mayReview = useCan("task.review");
  const mayLand = useCan("task.land");
  const mayResolve = useCan("task.resolve");
  return {
    ...allowed,
    canApprove: allowed.canApprove && mayReview,
    canRequestChanges: allowed.canRequestChanges && mayReview,
    canLand: allowed.canLand && mayLand,
    canResolve: allowed.canResolve && mayResolve,
  };
}

function ActionButtons({ allowed, actions }: { allowed: LandingActions; actions: ReviewActionsState }) {
  return (
    <div className={styles.buttons}>
      {allowed.canApprove ? (
        <button
          type="button"
          className="button button--primary"
          disabled={actions.isBusy}
          onClick={() => actions.send("approve")}
        >
          Approve
        </button>
      ) : null}
      {allowed.canRequestChanges ? (
        <button
          type="button"
          className="button"
          disabled={actions.isBusy}
          onClick={() => actions.send("request_changes")}
        >
          Request changes
        </button>
      ) : null}
      {allowed.canLand ? (
        <button type="button" className="button button--primary" disabled={actions.isBusy} onClick={actions.land}>
          Land
        </button>
      ) : null}
      {allowed.canResolve ? <ResolveControls isBusy={actions.isBusy} onResolve={actions.resolve} /> : null}
    </div>
  );
}

/** What came of the last action: a refusal, or the follow-up session it started. */
function ActionOutcome({ actions }: { actions: ReviewActionsState }) {
  return (
    <>
      {actions.formError ? (
        <p className="alert" role="alert">
          {actions.formError}
        </p>
      ) : null}
      <ErrorAlert error={actions.error} onDismiss={actions.reset} />
      {actions.followUp ? (
        <p className="muted" role="status">
          A follow-up session is on it: <Link to={`/sessions/${actions.followUp.id}`}>Open the session</Link>
        </p>
      ) : null}
    </>
  );
}

interface ReviewCommentProps {
  comment: string;
  lineComments: number;
  onComment: (comment: string) => void;
}

function ReviewComment({ comment, lineComments, onComment }: ReviewCommentProps) {
  return (
    <>
      <label className={styles.comment}>
        Review comment
        <textarea
          rows={3}
          value={comment}
          placeholder="What should change (required to request changes)"
          onChange={(event) => onComment(event.target.value)}
        />
      </label>
      <p className="muted">
        {lineComments === 0
          ? "Comment on a line of the diff with the + beside it."
          : `${lineComments === 1 ? "1 line comment goes" : `${lineComments} line comments go`} with the verdict.`}
      </p>
    </>
  );
}
