import { useDroppable } from "@dnd-kit/core";
import { type Task, type TaskStatus, canTransition } from "@maestro/domain";
import { STATUS_LABELS } from "../task-labels";
import type { TaskIndex } from "../task-index";
import styles from "./board-column.module.css";
import { TaskCard } from "./task-card";

interface BoardColumnProps {
  status: TaskStatus;
  tasks: readonly Task[];
  index: TaskIndex;
  draggedTask: Task | undefined;
  onStatusChange: (task: Task, status: TaskStatus) => void;
}

/** One status column: a region named after the status, and a drop target for cards. */
export function BoardColumn({ status, tasks, index, draggedTask, onStatusChange }: BoardColumnProps) {
  const { setNodeRef, isOver } = useDroppable({ id: status });
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
          {tasks.length}
        </span>
      </h2>
      {tasks.length === 0 ? (
        <p className={styles.empty}>No tasks</p>
      ) : (
        <ul className={`list-stack ${styles.list}`}>
          {tasks.map((task) => (
            <TaskCard key={task.id} task={task} index={index} onStatusChange={onStatusChange} />
          ))}
        </ul>
      )}
    </section>
  );
}
