/*
 * Review view of a project (`/projects/:key/review`, beside Board and List). Accessible names:
 * table "Waiting for review or landing" with a link "<KEY> <title>" per task (opening its
 * Changes tab) and its checks, review and land states as pills; empty "Nothing to review".
 */
import type { Task } from "@maestro/domain";
import { Link } from "react-router";
import { EmptyState } from "../../components/empty-state";
import { TableHead } from "../../components/table-head";
import { useProjectContext } from "../project/project-context";
import { useProjectTasks } from "../task/use-project-tasks";
import { TaskStatusBadge } from "../task/task-status-badge";
import { CHECKS_LABELS, LAND_LABELS, REVIEW_LABELS, isAwaitingLanding } from "./landing-format";
import styles from "./review-view.module.css";

export function ReviewView() {
  const { project } = useProjectContext();
  // Tasks waiting to land may be in any status: the project's whole list is read here.
  const { index } = useProjectTasks(project.id);
  const tasks = index.tasks.filter(isAwaitingLanding);
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
