import { NavLink } from "react-router";
import type { TaskIndex } from "../task/task-index";
import styles from "./review-link.module.css";
import { isAwaitingReview } from "./landing-format";

/**
 * The project's "Review" view link with the count of tasks waiting for a verdict; its name says
 * the count ("Review, 2 waiting"). The task list behind it is patched by live events.
 */
export function ReviewLink({ projectKey, index, search }: { projectKey: string; index: TaskIndex; search: string }) {
  const count = index.tasks.filter(isAwaitingReview).length;
  return (
    <NavLink to={`/projects/${projectKey}/review${search}`} aria-label={`Review, ${count} waiting`}>
      Review
      {count > 0 ? (
        <span className={styles.count} aria-hidden="true">
          {count}
        </span>
      ) : null}
    </NavLink>
  );
}
