import type { TaskPriority } from "@maestro/domain";
import styles from "./priority-badge.module.css";
import { PRIORITY_LABELS } from "./task-labels";

/** A task's priority as a pill, warmer as it rises. */
export function PriorityBadge({ priority }: { priority: TaskPriority }) {
  return (
    <span className={`hint ${styles.priority}`} data-priority={priority}>
      {PRIORITY_LABELS[priority]}
    </span>
  );
}
