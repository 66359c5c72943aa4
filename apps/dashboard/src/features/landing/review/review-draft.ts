import type { LineComment, ReviewVerdict } from "@maestro/domain";
import { ReviewTaskInput } from "@maestro/domain";

export type LineSide = "old" | "new";

/** A comment on one line of the diff, not yet sent (it goes with the next verdict). */
export interface DraftComment extends LineComment {
  id: number;
  /** A removed line is numbered in the old file; the comment says so. */
  side: LineSide;
}

export interface ReviewDraft {
  comment: string;
  comments: DraftComment[];
}

export const EMPTY_DRAFT: ReviewDraft = { comment: "", comments: [] };

let nextId = 1;

export function addDraftComment(draft: ReviewDraft, comment: Omit<DraftComment, "id">): ReviewDraft {
  nextId += 1;
  return { ...draft, comments: [...draft.comments, { ...comment, id: nextId }] };
}

export function removeDraftComment(draft: ReviewDraft, id: number): ReviewDraft {
  return { ...draft, comments: draft.comments.filter((comment) => comment.id !== id) };
}

/** The comments on one side of one file, by line (what the diff shows under each line). */
export function commentsByLine(comments: readonly DraftComment[], file: string, side: LineSide) {
  const lines: Record<string, { data: DraftComment[] }> = {};
  for (const comment of comments) {
    if (comment.file !== file || comment.side !== side) continue;
    const entry = (lines[String(comment.line)] ??= { data: [] });
    entry.data.push(comment);
  }
  return lines;
}

/**
 * The draft as `task.review` takes it, checked with the same schema the server uses (so
 * "request changes" without a word is refused here, naming the field).
 */
export function toReviewInput(taskId: string, verdict: ReviewVerdict, draft: ReviewDraft) {
  const comments = draft.comments.map(({ file, line, side, text }) => ({
    file,
    line,
    text: side === "old" ? `(on the removed line ${line}) ${text}` : text,
  }));
  return ReviewTaskInput.safeParse({ id: taskId, verdict, comment: draft.comment, comments });
}
