import type { Task } from "@maestro/domain";
import { useRef } from "react";
import { Field } from "../../components/field";
import { type TaskIndex, byKeyNumber } from "./task-index";

/* Option values are task keys (what people and tests type); the state holds task ids. */

function optionLabel(task: Task): string {
  return `${task.key} · ${task.title}`;
}

interface ParentSelectProps {
  index: TaskIndex;
  value: string | null;
  /** Tasks that cannot be the parent (the task itself and its subtasks). */
  excludeIds: ReadonlySet<string>;
  onChange: (parentId: string | null) => void;
}

/** Select "Parent": none, or another task of the project. */
export function ParentSelect({ index, value, excludeIds, onChange }: ParentSelectProps) {
  const candidates = [...index.tasks].filter((task) => !excludeIds.has(task.id)).sort(byKeyNumber);
  const current = value ? index.byId.get(value) : undefined;
  return (
    <Field label="Parent">
      {(props) => (
        <select
          {...props}
          value={current?.key ?? ""}
          onChange={(e) => onChange(index.byKey.get(e.target.value)?.id ?? null)}
        >
          <option value="">None (top level)</option>
          {candidates.map((task) => (
            <option key={task.id} value={task.key}>
              {optionLabel(task)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

interface DependencyPickerProps {
  /** The select's label: "Depends on" in the new-task form, "Add dependency" in the panel. */
  label: string;
  index: TaskIndex;
  value: readonly string[];
  excludeIds: ReadonlySet<string>;
  onChange: (dependsOn: string[]) => void;
}

/**
 * Dependencies as removable chips ("Remove dependency WEB-2") plus a select that adds one.
 * Cycles are left to the server, which names them.
 */
export function DependencyPicker({ label, index, value, excludeIds, onChange }: DependencyPickerProps) {
  const selectRef = useRef<HTMLSelectElement>(null);
  const chosen = new Set(value);
  const candidates = [...index.tasks]
    .filter((task) => !excludeIds.has(task.id) && !chosen.has(task.id))
    .sort(byKeyNumber);
  return (
    <div className="dependency-picker">
      <Field label={label}>
        {(props) => (
          <select
            {...props}
            ref={selectRef}
            value=""
            disabled={candidates.length === 0}
            onChange={(e) => {
              const task = index.byKey.get(e.target.value);
              if (task) onChange([...value, task.id]);
            }}
          >
            <option value="">{candidates.length === 0 ? "No other tasks" : "Choose a task…"}</option>
            {candidates.map((task) => (
              <option key={task.id} value={task.key}>
                {optionLabel(task)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {value.length > 0 ? (
        <ul className="chips" aria-label="Dependencies">
          {value.map((id) => {
            const task = index.byId.get(id);
            const key = task?.key ?? id;
            return (
              <li key={id} className="chip">
                <span className={`status-dot status-dot--${task?.status ?? "todo"}`} aria-hidden="true" />
                <span className="chip-key">{key}</span>
                <span className="chip-title">{task?.title ?? "(deleted task)"}</span>
                <button
                  type="button"
                  className="chip-remove"
                  aria-label={`Remove dependency ${key}`}
                  onClick={() => {
                    onChange(value.filter((other) => other !== id));
                    // The focused button disappears; keep keyboard users in the picker.
                    selectRef.current?.focus();
                  }}
                >
                  ×
                </button>
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}
