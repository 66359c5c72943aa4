import { TASK_PRIORITIES, TASK_STATUSES, type TaskPriority, type TaskStatus } from "@maestro/domain";
import { Field } from "../../components/field";
import { PRIORITY_LABELS, STATUS_LABELS } from "./task-labels";

export function PrioritySelect({
  value,
  onChange,
}: {
  value: TaskPriority;
  onChange: (priority: TaskPriority) => void;
}) {
  return (
    <Field label="Priority">
      {(props) => (
        <select {...props} value={value} onChange={(e) => onChange(e.target.value as TaskPriority)}>
          {TASK_PRIORITIES.map((priority) => (
            <option key={priority} value={priority}>
              {PRIORITY_LABELS[priority]}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function StatusField({ value, onChange }: { value: TaskStatus; onChange: (status: TaskStatus) => void }) {
  return (
    <Field label="Status">
      {(props) => (
        <select {...props} value={value} onChange={(e) => onChange(e.target.value as TaskStatus)}>
          {TASK_STATUSES.map((status) => (
            <option key={status} value={status}>
              {STATUS_LABELS[status]}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
