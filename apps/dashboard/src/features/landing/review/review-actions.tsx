/*
 * Region "Review": textbox "Review comment", buttons "Approve", "Request changes", "Land" and
 * "Resolve with agent" (with select "Resolving agent") as the task's landing state allows;
 * a refusal (ours or the server's) in role="alert".
 */
import type { Task } from "@maestro/domain";
import { useState } from "react";
import { Link } from "react-router";
import { ErrorAlert } from "../../../components/error-alert";
import { landingActions } from "../landing-format";
import { useLandTask, useResolveTask, useReviewTask } from "../use-landing-mutations";
import { EMPTY_DRAFT, toReviewInput } from "./review-draft";
import styles from "./review.module.css";
import { ResolveControls } from "./resolve-controls";
import { useReviewDraft } from "./use-review-draft";

export function ReviewActions({ task }: { task: Task }) {
  const actions = landingActions(task);
  const [draft, updateDraft] = useReviewDraft(task.id);
  const [formError, setFormError] = useState<string | null>(null);
  const review = useReviewTask();
  const land = useLandTask();
  const resolve = useResolveTask();
  const reset = () => [review, land, resolve].forEach((mutation) => mutation.reset());
  const send = (verdict: "approve" | "request_changes") => {
    reset();
    const parsed = toReviewInput(task.id, verdict, draft);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      setFormError(issue ? `${issue.path.join(".") === "comment" ? "Comment" : "Review"} ${issue.message}` : null);
      return;
    }
    setFormError(null);
    review.mutate(parsed.data, { onSuccess: () => updateDraft(() => EMPTY_DRAFT) });
  };
  const canReview = actions.canApprove || actions.canRequestChanges;
  if (!canReview && !actions.canLand && !actions.canResolve && !review.data && !resolve.data) return null;
  const isBusy = review.isPending || land.isPending || resolve.isPending;

  return (
    <section aria-label="Review" className={styles.actions}>
      {canReview ? (
        <>
          <label className={styles.comment}>
            Review comment
            <textarea
              rows={3}
              value={draft.comment}
              placeholder="What should change (required to request changes)"
              onChange={(event) => updateDraft((current) => ({ ...current, comment: event.target.value }))}
            />
          </label>
          <p className="muted">
            {draft.comments.length === 0
              ? "Comment on a line of the diff with the + beside it."
              : `${draft.comments.length === 1 ? "1 line comment goes" : `${draft.comments.length} line comments go`} with the verdict.`}
          </p>
        </>
      ) : null}
      <div className={styles.buttons}>
        {actions.canApprove ? (
          <button type="button" className="button button--primary" disabled={isBusy} onClick={() => send("approve")}>
            Approve
          </button>
        ) : null}
        {actions.canRequestChanges ? (
          <button type="button" className="button" disabled={isBusy} onClick={() => send("request_changes")}>
            Request changes
          </button>
        ) : null}
        {actions.canLand ? (
          <button
            type="button"
            className="button button--primary"
            disabled={isBusy}
            onClick={() => {
              reset();
              land.mutate({ id: task.id });
            }}
          >
            Land
          </button>
        ) : null}
        {actions.canResolve ? (
          <ResolveControls
            isBusy={isBusy}
            onResolve={(agent) => {
              reset();
              resolve.mutate(agent ? { id: task.id, agent } : { id: task.id });
            }}
          />
        ) : null}
      </div>
      {formError ? (
        <p className="alert" role="alert">
          {formError}
        </p>
      ) : null}
      <ErrorAlert error={review.error ?? land.error ?? resolve.error} onDismiss={reset} />
      {(review.data?.session ?? resolve.data) ? (
        <p className="muted" role="status">
          A follow-up session is on it:{" "}
          <Link to={`/sessions/${(review.data?.session ?? resolve.data)!.id}`}>Open the session</Link>
        </p>
      ) : null}
    </section>
  );
}
