import type { Task } from "@maestro/domain";
import type { Ref } from "react";
import { Field } from "../../components/field";
import { type TaskIndex, byKeyNumber } from "./task-index";

interface TaskSelectProps {
  label: string;
  /** The input's name in the request: marked invalid when a failed request names it. */
  name?: string;
  index: TaskIndex;
  /** Tasks not offered (the task itself, its subtasks, those already chosen). */
  excludeIds: ReadonlySet<string>;
  /** The chosen task's key, or "" for the first option. */
  value: string;
  /** The first option ("None (top level)", "Choose a task…"). */
  placeholder: string;
  /** With it, a select with nothing to offer is disabled and says this instead. */
  emptyPlaceholder?: string;
  onChange: (task: Task | undefined) => void;
  ref?: Ref<HTMLSelectElement>;
}

/**
 * A labelled select of the project's tasks in key order, each option "WEB-2 · Title". Option
 * values are task keys (what people and tests type); callers get the task itself.
 */
export function TaskSelect({
  label,
  name,
  index,
  excludeIds,
  value,
  placeholder,
  emptyPlaceholder,
  onChange,
  ref,
}: TaskSelectProps) {
  const candidates = index.tasks.filter((task) => !excludeIds.has(task.id)).sort(byKeyNumber);
  const isEmpty = candidates.length === 0 && emptyPlaceholder !== undefined;
  return (
    <Field label={label} name={name}>
      {(props) => (
        <select
          {...props}
          ref={ref}
          value={value}
          disabled={isEmpty}
          onChange={(event) => onChange(index.byKey.get(event.target.value))}
        >
          <option value="">{isEmpty ? emptyPlaceholder : placeholder}</option>
          {candidates.map((task) => (
            <option key={task.id} value={task.key}>
              {`${task.key} · ${task.title}`}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
