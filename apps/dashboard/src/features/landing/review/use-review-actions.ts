import type { Task } from "@maestro/domain";
import { useState } from "react";
import { useLandTask, useResolveTask, useReviewTask } from "../use-landing-mutations";
import { EMPTY_DRAFT, toReviewInput } from "./review-draft";
import { useReviewDraft } from "./use-review-draft";

/**
 * The verbs behind the Review region: each clears the last refusal; a verdict is checked with
 * the server's schema first and, once sent, empties the draft.
 */
export function useReviewActions(task: Task) {
  const [draft, updateDraft] = useReviewDraft(task.id);
  const [formError, setFormError] = useState<string | null>(null);
  const review = useReviewTask();
  const land = useLandTask();
  const resolve = useResolveTask();
  const reset = () => {
    setFormError(null);
    [review, land, resolve].forEach((mutation) => mutation.reset());
  };
  const send = (verdict: "approve" | "request_changes") => {
    reset();
    const parsed = toReviewInput(task.id, verdict, draft);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      setFormError(issue ? `${issue.path.join(".") === "comment" ? "Comment" : "Review"} ${issue.message}` : null);
      return;
    }
    review.mutate(parsed.data, { onSuccess: () => updateDraft(() => EMPTY_DRAFT) });
  };
  return {
    draft,
    setComment: (comment: string) => updateDraft((current) => ({ ...current, comment })),
    send,
    land: () => {
      reset();
      land.mutate({ id: task.id });
    },
    resolve: (agent: string | null) => {
      reset();
      resolve.mutate(agent ? { id: task.id, agent } : { id: task.id });
    },
    reset,
    formError,
    error: review.error ?? land.error ?? resolve.error,
    isBusy: review.isPending || land.isPending || resolve.isPending,
    /** The follow-up session a request for changes or a resolve started. */
    followUp: review.data?.session ?? resolve.data ?? null,
  };
}
