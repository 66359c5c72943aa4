import { useDraggable } from "@dnd-kit/core";
import { TASK_STATUSES, type Task, type TaskStatus } from "@maestro/domain";
import { Link } from "react-router";
import { PRIORITY_LABELS, STATUS_LABELS } from "../task-labels";
import type { TaskIndex } from "../task-index";
import { TaskHints } from "../task-hints";

interface TaskCardProps {
  task: Task;
  index: TaskIndex;
  onStatusChange: (task: Task, status: TaskStatus) => void;
}

/** A board card: drag it by the handle (pointer or keyboard) or pick a status in its select. */
export function TaskCard({ task, index, onStatusChange }: TaskCardProps) {
  const { setNodeRef, setActivatorNodeRef, listeners, attributes, isDragging } = useDraggable({ id: task.id });
  return (
    <li
      ref={setNodeRef}
      className={isDragging ? "card card--dragging" : "card"}
      data-task-key={task.key}
      {...listeners}
    >
      <button
        ref={setActivatorNodeRef}
        type="button"
        className="drag-handle"
        {...attributes}
        aria-label={`Drag ${task.key}`}
      >
        <span aria-hidden="true">⠿</span>
      </button>
      <TaskCardBody task={task} index={index} />
      <select
        className="card-status"
        aria-label={`Status of ${task.key}`}
        value={task.status}
        onChange={(event) => onStatusChange(task, event.target.value as TaskStatus)}
        onPointerDown={(event) => event.stopPropagation()}
      >
        {TASK_STATUSES.map((status) => (
          <option key={status} value={status}>
            {STATUS_LABELS[status]}
          </option>
        ))}
      </select>
    </li>
  );
}

export function TaskCardBody({ task, index }: { task: Task; index: TaskIndex }) {
  return (
    <>
      <Link to={{ search: `?task=${task.key}` }} className="card-link" draggable={false}>
        <span className="card-key">{task.key}</span> <span className="card-title">{task.title}</span>
      </Link>
      <div className="card-meta">
        <span className={`priority priority--${task.priority}`}>{PRIORITY_LABELS[task.priority]}</span>
        <TaskHints task={task} index={index} />
      </div>
    </>
  );
}
