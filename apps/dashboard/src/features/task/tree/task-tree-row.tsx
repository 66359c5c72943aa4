import { Link } from "react-router";
import { PRIORITY_LABELS, STATUS_LABELS } from "../task-labels";
import type { TaskIndex, TreeRow } from "../task-index";
import { blockersOf } from "../task-index";

interface TaskTreeRowProps {
  row: TreeRow;
  index: TaskIndex;
  isCollapsed: boolean;
  onToggle: () => void;
  onOpen: () => void;
}

/** One task of the tree; the whole row opens the task, the link is its keyboard path. */
export function TaskTreeRow({ row, index, isCollapsed, onToggle, onOpen }: TaskTreeRowProps) {
  const { task, depth, childCount } = row;
  const blockers = new Set(blockersOf(task, index).map((blocker) => blocker.id));
  return (
    <tr className="tree-row" data-task-key={task.key} onClick={onOpen}>
      <td>
        <div className="tree-cell" style={{ paddingLeft: `${depth * 1.4}rem` }}>
          {childCount > 0 ? (
            <button
              type="button"
              className="tree-toggle"
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
            <span className="tree-toggle-spacer" aria-hidden="true" />
          )}
          <Link to={{ search: `?task=${task.key}` }} className="tree-link" onClick={(event) => event.stopPropagation()}>
            <span className="card-key">{task.key}</span> <span>{task.title}</span>
          </Link>
          {childCount > 0 ? <span className="hint">{childCount} subtasks</span> : null}
          {index.readyIds.has(task.id) ? <span className="hint hint--ready">Ready</span> : null}
        </div>
      </td>
      <td>
        <span className={`status-badge status-badge--${task.status}`}>{STATUS_LABELS[task.status]}</span>
      </td>
      <td>
        <span className={`priority priority--${task.priority}`}>{PRIORITY_LABELS[task.priority]}</span>
      </td>
      <td className="tree-deps">
        {task.dependsOn.length === 0
          ? "—"
          : task.dependsOn.map((id) => {
              const dependency = index.byId.get(id);
              return (
                <span key={id} className={blockers.has(id) ? "dep dep--pending" : "dep"}>
                  {dependency?.key ?? "?"}
                </span>
              );
            })}
      </td>
    </tr>
  );
}
