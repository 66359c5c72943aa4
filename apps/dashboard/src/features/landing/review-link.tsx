import { CountLink } from "../../components/count-link";
import type { TaskIndex } from "../task/task-index";
import { isAwaitingReview } from "./landing-format";

/**
 * The project's "Review" view link with the count of tasks waiting for a verdict. The task list
 * behind it is patched by live events.
 */
export function ReviewLink({ projectKey, index, search }: { projectKey: string; index: TaskIndex; search: string }) {
  const count = index.tasks.filter(isAwaitingReview).length;
  return <CountLink to={`/projects/${projectKey}/review${search}`} label="Review" count={count} />;
}
