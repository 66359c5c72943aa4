import { useCallback, useSyncExternalStore } from "react";
import { EMPTY_DRAFT, type ReviewDraft } from "./review-draft";

/*
 * Drafts outlive the Changes tab (switching tabs, closing the panel, opening the session page):
 * a review in progress is lost only by sending it or reloading the page.
 */
const drafts = new Map<string, ReviewDraft>();
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The task's review draft and a setter that takes the next draft from the current one. */
export function useReviewDraft(taskId: string) {
  const draft = useSyncExternalStore(subscribe, () => drafts.get(taskId) ?? EMPTY_DRAFT);
  const update = useCallback(
    (change: (current: ReviewDraft) => ReviewDraft) => {
      drafts.set(taskId, change(drafts.get(taskId) ?? EMPTY_DRAFT));
      for (const listener of listeners) listener();
    },
    [taskId],
  );
  return [draft, update] as const;
}
