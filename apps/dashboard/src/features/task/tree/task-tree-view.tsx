/*
 * List (tree) view. Accessible names for tests:
 * region "Task tree" holding a table; one row per task, its link "<KEY> <title>" opens the
 * panel; buttons "Collapse <KEY>" / "Expand <KEY>" (aria-expanded), "Expand all", "Collapse all".
 */
import { useMemo, useState } from "react";
import { useNavigate } from "react-router";
import { NoTasks } from "../no-tasks";
import { useProjectContext } from "../../project/project-context";
import { flattenTree } from "../task-index";
import { TaskTreeRow } from "./task-tree-row";

export function TaskTreeView() {
  const { project, index } = useProjectContext();
  const navigate = useNavigate();
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const rows = useMemo(() => flattenTree(index, collapsed), [index, collapsed]);
  const parentIds = useMemo(
    () => index.tasks.filter((task) => index.children.has(task.id)).map((task) => task.id),
    [index],
  );

  const toggle = (taskId: string) =>
    setCollapsed((current) => {
      const next = new Set(current);
      if (!next.delete(taskId)) next.add(taskId);
      return next;
    });

  if (index.tasks.length === 0) return <NoTasks projectKey={project.key} />;

  return (
    <section className="tree-view" aria-label="Task tree">
      {parentIds.length > 0 ? (
        <div className="tree-toolbar">
          <button type="button" className="button button--small" onClick={() => setCollapsed(new Set())}>
            Expand all
          </button>
          <button type="button" className="button button--small" onClick={() => setCollapsed(new Set(parentIds))}>
            Collapse all
          </button>
        </div>
      ) : null}
      <table className="tree-table">
        <thead>
          <tr>
            <th scope="col">Task</th>
            <th scope="col">Status</th>
            <th scope="col">Priority</th>
            <th scope="col">Depends on</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <TaskTreeRow
              key={row.task.id}
              row={row}
              index={index}
              isCollapsed={collapsed.has(row.task.id)}
              onToggle={() => toggle(row.task.id)}
              onOpen={() => void navigate({ search: `?task=${row.task.key}` })}
            />
          ))}
        </tbody>
      </table>
    </section>
  );
}
