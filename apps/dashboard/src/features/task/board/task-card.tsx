import { useDraggable } from "@dnd-kit/core";
import { TASK_STATUSES, type Task, type TaskStatus } from "@maestro/domain";
import { Link } from "react-router";
import { EnumOptions } from "../../../components/enum-options";
import { PriorityBadge } from "../priority-badge";
import { STATUS_LABELS } from "../task-labels";
import type { TaskIndex } from "../task-index";
import { TaskHints } from "../task-hints";
import styles from "./task-card.module.css";

interface TaskCardProps {
  task: Task;
  index: TaskIndex;
  /** Absent for who may not move tasks: no drag handle and no status select. */
  onStatusChange?: (task: Task, status: TaskStatus) => void;
}

/** A board card: drag it by the handle (pointer or keyboard) or pick a status in its select. */
export function TaskCard({ task, index, onStatusChange }: TaskCardProps) {
  const { setNodeRef, setActivatorNodeRef, listeners, attributes, isDragging } = useDraggable({
    id: task.id,
    disabled: !onStatusChange,
  });
  return (
    <li
      ref={setNodeRef}
      className={isDragging ? `${styles.card} ${styles.dragging}` : styles.card}
      data-task-key={task.key}
      {...listeners}
    >
      {onStatusChange ? (
        <button
          ref={setActivatorNodeRef}
          type="button"
          className={styles.handle}
          {...attributes}
          aria-label={`Drag ${task.key}`}
        >
          <span aria-hidden="true">⠿</span>
        </button>
      ) : null}
      <TaskCardBody task={task} index={index} />
      {onStatusChange ? (
        <select
          className={styles.status}
          aria-label={`Status of ${task.key}`}
          value={task.status}
          onChange={(event) => onStatusChange(task, event.target.value as TaskStatus)}
          onPointerDown={(event) => event.stopPropagation()}
        >
          <EnumOptions values={TASK_STATUSES} labels={STATUS_LABELS} />
        </select>
      ) : null}
    </li>
  );
}

/** The card that follows the pointer while one is dragged. */
export function TaskCardOverlay({ task, index }: { task: Task; index: TaskIndex }) {
  return (
    <div className={`${styles.card} ${styles.overlay}`}>
      <TaskCardBody task={task} index={index} />
    </div>
  );
}

function TaskCardBody({ task, index }: { task: Task; index: TaskIndex }) {
  return (
    <>
      <Link to={{ search: `?task=${task.key}` }} className={styles.link} draggable={false}>
        <span className="task-key">{task.key}</span> <span className={styles.title}>{task.title}</span>
      </Link>
      <div className={styles.meta}>
        <PriorityBadge priority={task.priority} />
        <TaskHints task={task} index={index} />
      </div>
    </>
  );
}
