import { useRef } from "react";
import type { TaskIndex } from "./task-index";
import styles from "./task-pickers.module.css";
import { TaskSelect } from "./task-select";

interface ParentSelectProps {
  projectId: string;
  index: TaskIndex;
  /** The input's name in the request: marked invalid when a failed request names it. */
  name?: string;
  value: string | null;
  /** Tasks that cannot be the parent (the task itself and its subtasks). */
  excludeIds: ReadonlySet<string>;
  onChange: (parentId: string | null) => void;
}

/** Select "Parent": none, or another task of the project. */
export function ParentSelect({ projectId, index, name, value, excludeIds, onChange }: ParentSelectProps) {
  return (
    <TaskSelect
      projectId={projectId}
      label="Parent"
      searchLabel="Find the task above this one"
      name={name}
      index={index}
      excludeIds={excludeIds}
      value={(value ? index.byId.get(value)?.key : undefined) ?? ""}
      placeholder="None (top level)"
      onChange={(task) => onChange(task?.id ?? null)}
    />
  );
}

interface DependencyPickerProps {
  projectId: string;
  /** The select's label: "Depends on" in the new-task form, "Add dependency" in the panel. */
  label: string;
  /** The input's name in the request: marked invalid when a failed request names it. */
  name?: string;
  index: TaskIndex;
  value: readonly string[];
  excludeIds: ReadonlySet<string>;
  onChange: (dependsOn: string[]) => void;
}

/**
 * Dependencies as removable chips ("Remove dependency WEB-2") plus a select that adds one.
 * Cycles are left to the server, which names them.
 */
export function DependencyPicker({
  projectId,
  label,
  name,
  index,
  value,
  excludeIds,
  onChange,
}: DependencyPickerProps) {
  const selectRef = useRef<HTMLSelectElement>(null);
  return (
    <div className={styles.picker}>
      <TaskSelect
        projectId={projectId}
        ref={selectRef}
        label={label}
        searchLabel="Find a task to wait for"
        name={name}
        index={index}
        excludeIds={new Set([...excludeIds, ...value])}
        value=""
        placeholder="Choose a task…"
        emptyPlaceholder="No other tasks"
        onChange={(task) => task && onChange([...value, task.id])}
      />
      {value.length > 0 ? (
        <ul className="list-stack" aria-label="Dependencies">
          {value.map((id) => {
            const task = index.byId.get(id);
            const key = task?.key ?? id;
            return (
              <li key={id} className={styles.chip}>
                <span className="status-dot" data-status={task?.status ?? "todo"} aria-hidden="true" />
                <span className={styles.key}>{key}</span>
                <span className={styles.title}>{task?.title ?? "(deleted task)"}</span>
                <button
                  type="button"
                  className={styles.remove}
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
