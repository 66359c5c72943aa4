/*
 * Review view of a project (`/projects/:key/review`, beside Board and List). Accessible names:
 * table "Waiting for review or landing" with a link "<KEY> <title>" per task (opening its
 * Changes tab) and its checks, review and land states as pills; button "Load more tasks in
 * review" while more follow; empty "Nothing to review".
 */
import type { Task } from "@maestro/domain";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { EmptyState } from "../../components/empty-state";
import { ErrorAlert } from "../../components/error-alert";
import { LoadMore } from "../../components/load-more";
import { TableHead } from "../../components/table-head";
import { nextCursorOf } from "../../lib/pages";
import { useTRPC } from "../../lib/trpc";
import { loadedTasks } from "../live/task-pages";
import { useProjectContext } from "../project/project-context";
import { TaskStatusBadge } from "../task/task-status-badge";
import { CHECKS_LABELS, LAND_LABELS, REVIEW_LABELS } from "./landing-format";
import styles from "./review-view.module.css";

/** Rows per page of the Review view. */
const REVIEW_PAGE = 100;

export function ReviewView() {
  const { project } = useProjectContext();
  const trpc = useTRPC();
  // Whatever waits for a review or to land is in_review (a task is done only once landed, and
  // resolving a conflict clears its land state): that status's pages, not the whole project.
  const query = useInfiniteQuery(
    trpc.task.list.infiniteQueryOptions(
      { projectId: project.id, status: ["in_review"], limit: REVIEW_PAGE },
      { getNextPageParam: nextCursorOf },
    ),
  );
  const tasks = loadedTasks(query.data);
  if (query.isError) return <ErrorAlert error={query.error} />;
  if (query.isPending) return <p className="muted">Loading…</p>;
  if (tasks.length === 0) {
    return (
      <EmptyState title="Nothing to review">
        <p>A task shows up here when its agent's work is done and waits for a review, or to land.</p>
      </EmptyState>
    );
  }
  return (
    <table className="data-table" aria-label="Waiting for review or landing">
      <TableHead columns={["Task", "Status", "Checks", "Review", "Landing", "Note"]} />
      <tbody>
        {tasks.map((task) => (
          <ReviewRow key={task.id} task={task} />
        ))}
      </tbody>
      {query.hasNextPage ? (
        <tfoot>
          <tr>
            <td colSpan={6}>
              <LoadMore query={query} what="tasks in review" />
            </td>
          </tr>
        </tfoot>
      ) : null}
    </table>
  );
}

function ReviewRow({ task }: { task: Task }) {
  const { landing } = task;
  return (
    <tr data-task-key={task.key}>
      <td>
        <Link to={{ search: `?task=${task.key}&tab=changes` }} className={styles.link}>
          <span className="task-key">{task.key}</span> {task.title}
        </Link>
      </td>
      <td>
        <TaskStatusBadge status={task.status} />
      </td>
      <td>
        <Pill state={landing.checksState} label={CHECKS_LABELS[landing.checksState]} />
      </td>
      <td>
        <Pill state={landing.reviewState} label={REVIEW_LABELS[landing.reviewState]} />
      </td>
      <td>
        <Pill state={landing.landState} label={LAND_LABELS[landing.landState]} />
      </td>
      <td className={styles.note}>
        {landing.note ?? (landing.conflictFiles.length > 0 ? landing.conflictFiles.join(", ") : "—")}
      </td>
    </tr>
  );
}

function Pill({ state, label }: { state: string; label: string }) {
  return (
    <span className="status-pill" data-status={state}>
      {label}
    </span>
  );
}
