import { type FormEvent, useState } from "react";
import type { DraftComment, LineSide } from "../review/review-draft";
import styles from "./file-diff.module.css";

interface LineCommentFormProps {
  file: string;
  line: number;
  side: LineSide;
  onAdd: (text: string) => void;
  onCancel: () => void;
}

export function lineName(file: string, line: number, side: LineSide): string {
  return `${side === "old" ? "removed line" : "line"} ${line} of ${file}`;
}

/** Under a line of the diff: form "Comment on line N of <file>" with "Add comment" and "Cancel". */
export function LineCommentForm({ file, line, side, onAdd, onCancel }: LineCommentFormProps) {
  const [text, setText] = useState("");
  const name = lineName(file, line, side);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim() !== "") onAdd(text.trim());
  };
  return (
    <form className={styles.commentForm} aria-label={`Comment on ${name}`} onSubmit={submit}>
      <textarea
        aria-label={`Comment on ${name}`}
        value={text}
        rows={3}
        // The form opens because someone asked to write here.
        autoFocus
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Escape") {
            event.preventDefault();
            onCancel();
          }
        }}
      />
      <div className={styles.commentActions}>
        <button type="submit" className="button button--primary button--small" disabled={text.trim() === ""}>
          Add comment
        </button>
        <button type="button" className="button button--ghost button--small" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The review's pending comments on one line, each with "Remove comment on line N of <file>". */
export function DraftComments({ comments, onRemove }: { comments: DraftComment[]; onRemove: (id: number) => void }) {
  return (
    <ul className={styles.drafts} aria-label="Pending comments">
      {comments.map((comment) => (
        <li key={comment.id} className={styles.draft}>
          <span className={styles.draftText}>{comment.text}</span>
          <button
            type="button"
            className="button button--ghost button--small"
            aria-label={`Remove comment on ${lineName(comment.file, comment.line, comment.side)}`}
            onClick={() => onRemove(comment.id)}
          >
            Remove
          </button>
        </li>
      ))}
    </ul>
  );
}
