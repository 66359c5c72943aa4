import type { Task } from "@maestro/domain";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../../lib/trpc";
import { PanelSection } from "../../task/panel/panel-section";
import { formatTime } from "../../task/task-labels";
import { shortCommit } from "../landing-format";
import styles from "./review.module.css";

/** Region "Reviews": who said what on which commit, newest first, with their line comments. */
export function ReviewHistory({ task }: { task: Task }) {
  const trpc = useTRPC();
  // The newest 100 reviews (the API pages them newest first).
  const reviews = useQuery({ ...trpc.task.reviews.queryOptions({ id: task.id }), select: (page) => page.items });
  const newestFirst = reviews.data ?? [];
  return (
    <PanelSection title="Reviews" query={reviews} emptyText="No reviews yet." listClassName={styles.history}>
      {newestFirst.map((review) => (
        <li key={review.id}>
          <span className={styles.verdict}>{review.verdict === "approve" ? "Approved" : "Changes requested"}</span> by{" "}
          {review.actor}{" "}
          <time dateTime={review.createdAt} className="muted">
            {formatTime(review.createdAt)}
          </time>{" "}
          <span className="muted">on {shortCommit(review.headCommit)}</span>
          {review.comment ? <p className={styles.quote}>{review.comment}</p> : null}
          {review.comments.length > 0 ? (
            <ul className={styles.lineComments} aria-label="Line comments">
              {review.comments.map((comment, at) => (
                <li key={at}>
                  <span className={styles.location}>
                    {comment.file}:{comment.line}
                  </span>{" "}
                  {comment.text}
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </PanelSection>
  );
}
