import { Link } from "react-router";
import { PriorityBadge } from "../priority-badge";
import { type TaskIndex, type TreeRow, blockersOf } from "../task-index";
import { TaskStatusBadge } from "../task-status-badge";
import styles from "./task-tree.module.css";

interface TaskTreeRowProps {
  /** The virtualiser measures each row it shows (a row with many dependencies wraps). */
  measureRef: (element: HTMLTableRowElement | null) => void;
  position: number;
  row: TreeRow;
  index: TaskIndex;
  isCollapsed: boolean;
  onToggle: () => void;
  onOpen: () => void;
}

/** One task of the tree; the whole row opens the task, the link is its keyboard path. */
export function TaskTreeRow({ measureRef, position, row, index, isCollapsed, onToggle, onOpen }: TaskTreeRowProps) {
  const { task, depth, childCount } = row;
  const blockers = new Set(blockersOf(task, index).map((blocker) => blocker.id));
  return (
    <tr ref={measureRef} data-index={position} className={styles.row} data-task-key={task.key} onClick={onOpen}>
      <td>
        <div className={styles.cell} style={{ paddingLeft: `${depth * 1.4}rem` }}>
          {childCount > 0 ? (
            <button
              type="button"
              className={styles.toggle}
              aria-expanded={!isCollapsed}
              aria-label={`${isCollapsed ? "Expand" : "Collapse"} ${task.key}`}
              onClick={(event) => {
                event.stopPropagation();
                onToggle();
              }}
            >
              <span aria-hidden="true">{isCollapsed ? "▸" : "▾"}</span>
            </button>
          ) : (
            <span className={styles.spacer} aria-hidden="true" />
          )}
          <Link
            to={{ search: `?task=${task.key}` }}
            className={styles.link}
            onClick={(event) => event.stopPropagation()}
          >
            <span className="task-key">{task.key}</span> <span>{task.title}</span>
          </Link>
          {childCount > 0 ? <span className="hint">{childCount} subtasks</span> : null}
          {index.readyIds.has(task.id) ? <span className="hint hint--ok">Ready</span> : null}
        </div>
      </td>
      <td>
        <TaskStatusBadge status={task.status} />
      </td>
      <td>
        <PriorityBadge priority={task.priority} />
      </td>
      <td className={styles.deps}>
        {task.dependsOn.length === 0
          ? "—"
          : task.dependsOn.map((id) => {
              const dependency = index.byId.get(id);
              return (
                <span key={id} className={blockers.has(id) ? `${styles.dep} ${styles.pending}` : styles.dep}>
                  {dependency?.key ?? "?"}
                </span>
              );
            })}
      </td>
    </tr>
  );
}
