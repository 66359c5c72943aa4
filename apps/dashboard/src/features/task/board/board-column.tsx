import { useDroppable } from "@dnd-kit/core";
import { type Task, type TaskStatus, canTransition } from "@maestro/domain";
import { LoadOnSight } from "../../../components/load-on-sight";
import { STATUS_LABELS } from "../task-labels";
import type { TaskIndex } from "../task-index";
import styles from "./board-column.module.css";
import { TaskCard } from "./task-card";
import { useColumnTasks } from "./use-column-tasks";

interface BoardColumnProps {
  projectId: string;
  status: TaskStatus;
  /** How many tasks have this status (the server's count; the column loads a page at a time). */
  count: number | undefined;
  index: TaskIndex;
  draggedTask: Task | undefined;
  /** Absent for who may not move tasks (a viewer): the cards have no handle and no status select. */
  onStatusChange?: (task: Task, status: TaskStatus) => void;
}

/** One status column: a region named after the status, a drop target for cards, loaded by pages. */
export function BoardColumn({ projectId, status, count, index, draggedTask, onStatusChange }: BoardColumnProps) {
  const { setNodeRef, isOver } = useDroppable({ id: status });
  const { query, tasks } = useColumnTasks(projectId, status);
  const label = STATUS_LABELS[status];
  // Drops that the status machine refuses are still sent (the server explains); this only hints.
  const isRefused = draggedTask !== undefined && !canTransition(draggedTask.status, status);
  const classes = [styles.column, isOver ? styles.over : "", isRefused ? styles.refused : ""];
  return (
    <section ref={setNodeRef} className={classes.join(" ")} aria-label={label}>
      <h2 className={styles.title}>
        <span className="status-dot" data-status={status} aria-hidden="true" />
        {label}
        <span className={styles.count} aria-hidden="true">
          {count ?? tasks.length}
        </span>
      </h2>
      {query.isPending ? <p className={styles.empty}>Loading…</p> : null}
      {query.isSuccess && tasks.length === 0 ? <p className={styles.empty}>No tasks</p> : null}
      {tasks.length > 0 ? (
        <ul className={`list-stack ${styles.list}`}>
          {tasks.map((task) => (
            <TaskCard key={task.id} task={task} index={index} onStatusChange={onStatusChange} />
          ))}
        </ul>
      ) : null}
      <LoadOnSight query={query} what={`${label} tasks`} />
    </section>
  );
}
