import type { TaskStatus } from "@maestro/domain";
import { STATUS_LABELS } from "./task-labels";

/** A task's status as a coloured pill ("In progress"). */
export function TaskStatusBadge({ status }: { status: TaskStatus }) {
  return (
    <span className="status-badge" data-status={status}>
      {STATUS_LABELS[status]}
    </span>
  );
}
