import { CountLink } from "../../components/count-link";
import { useTaskCounts } from "../task/use-project-tasks";

/**
 * The project's "Review" view link with the count of tasks in review (waiting for a verdict or to
 * land, as the page title counts them): from the counts per status, so no task is read for it.
 */
export function ReviewLink({
  projectId,
  projectKey,
  search,
}: {
  projectId: string;
  projectKey: string;
  search: string;
}) {
  const counts = useTaskCounts(projectId);
  const count = counts.data?.byStatus.in_review ?? 0;
  return <CountLink to={`/projects/${projectKey}/review${search}`} label="Review" count={count} />;
}
