import type { DocumentPhase, SpecDetail } from "@maestro/domain";
import { useId, useState } from "react";
import { ErrorAlert } from "../../components/error-alert";
import { useCan } from "../auth/use-me";
import { ReviewStateBadge } from "./review-state-badge";
import { PHASE_LABELS, REVIEW_STATE_LABELS, approvalSummary } from "./spec-format";
import view from "./spec-view.module.css";
import styles from "./review-panel.module.css";
import { useReviewSpec } from "./use-spec-mutations";

const KIND_LABELS = {
  submission: "submitted for review",
  approval: "approved",
  change_request: "requested changes",
} as const;

/**
 * Region "Review": status "Review state: <state>", textbox "Review comment", buttons "Submit for
 * review", "Approve", "Request changes" (which needs a comment; none of these for a viewer), and list
 * "Review history".
 */
export function ReviewPanel({
  spec,
  phase,
  hasUnsavedChanges,
}: {
  spec: SpecDetail;
  phase: DocumentPhase;
  hasUnsavedChanges: boolean;
}) {
  const detail = spec.phases.find((entry) => entry.phase === phase)!;
  const { submit, approve, reject } = useReviewSpec();
  const maySubmit = useCan("spec.submit");
  const mayApprove = useCan("spec.approve");
  const mayReject = useCan("spec.reject");
  const [comment, setComment] = useState("");
  const [missingComment, setMissingComment] = useState(false);
  const commentId = useId();
  const hintId = useId();
  const isBusy = submit.isPending || approve.isPending || reject.isPending;
  const hasDocument = detail.version !== null;
  const isApproved = detail.reviewState === "approved";
  const canSubmit =
    hasDocument && !hasUnsavedChanges && (detail.reviewState === "draft" || detail.reviewState === "changes_requested");
  const canReview = hasDocument && !hasUnsavedChanges && !isApproved;
  const history = spec.reviews.filter((review) => review.phase === phase);

  const resetAll = () => {
    for (const mutation of [submit, approve, reject]) mutation.reset();
  };
  const input = { id: spec.id, phase, comment: comment.trim() };
  /** One review step; it clears the last step's error. */
  const runStep = (mutation: typeof submit) => {
    resetAll();
    mutation.mutate(input, { onSuccess: () => setComment("") });
  };
  const onRequestChanges = () => {
    const isMissing = comment.trim() === "";
    setMissingComment(isMissing);
    if (isMissing) resetAll();
    else runStep(reject);
  };

  return (
    <section className={view.section} aria-label="Review">
      <div className="section-head">
        <h3>Review</h3>
        <ReviewStateBadge
          state={detail.reviewState}
          role="status"
          aria-label={`Review state: ${REVIEW_STATE_LABELS[detail.reviewState]}`}
        >
          {REVIEW_STATE_LABELS[detail.reviewState]}
        </ReviewStateBadge>
        <span className="muted">{approvalSummary(detail.approvals.length, detail.requiredApprovals)}</span>
      </div>
      <p id={hintId} className="field-hint">
        {!hasDocument
          ? `Write and save ${phase}.md first.`
          : hasUnsavedChanges
            ? "Save your changes first: a review is about a saved version."
            : isApproved
              ? `The ${PHASE_LABELS[phase].toLowerCase()} phase is approved; editing its document reopens it.`
              : `Reviewing version ${detail.version}.`}
      </p>
      {maySubmit || mayApprove || mayReject ? (
        <>
          <div className="field">
            <label htmlFor={commentId}>Review comment</label>
            <textarea
              id={commentId}
              rows={2}
              value={comment}
              aria-invalid={missingComment}
              aria-describedby={hintId}
              onChange={(event) => setComment(event.target.value)}
            />
            {missingComment ? <p className="field-error">Say what should change before requesting changes.</p> : null}
          </div>
          <div className={styles.actions}>
            {maySubmit ? (
              <button type="button" className="button" disabled={!canSubmit || isBusy} onClick={() => runStep(submit)}>
                Submit for review
              </button>
            ) : null}
            {mayApprove ? (
              <button
                type="button"
                className="button button--primary"
                disabled={!canReview || isBusy}
                onClick={() => runStep(approve)}
              >
                Approve
              </button>
            ) : null}
            {mayReject ? (
              <button
                type="button"
                className="button button--danger-ghost"
                disabled={!canReview || isBusy}
                onClick={onRequestChanges}
              >
                Request changes
              </button>
            ) : null}
          </div>
        </>
      ) : null}
      <ErrorAlert error={submit.error ?? approve.error ?? reject.error} />
      {history.length > 0 ? (
        <ol className={styles.history} aria-label="Review history">
          {history.map((review) => (
            <li key={review.id}>
              <strong>{review.actor}</strong> {KIND_LABELS[review.kind]} version {review.version}{" "}
              <time className="muted" dateTime={review.createdAt}>
                {new Date(review.createdAt).toLocaleString()}
              </time>
              {review.comment ? <p className={styles.comment}>{review.comment}</p> : null}
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
