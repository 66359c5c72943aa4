/*
 * List (tree) view. Accessible names for tests:
 * region "Task tree" holding a table; one row per task, its link "<KEY> <title>" opens the
 * panel; buttons "Collapse <KEY>" / "Expand <KEY>" (aria-expanded), "Expand all", "Collapse all".
 */
import { useMemo, useState } from "react";
import { useNavigate } from "react-router";
import { TableHead } from "../../../components/table-head";
import { useProjectContext } from "../../project/project-context";
import { NoTasks } from "../no-tasks";
import { flattenTree } from "../task-index";
import { TaskTreeRow } from "./task-tree-row";
import styles from "./task-tree.module.css";

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
    <section className={styles.view} aria-label="Task tree">
      {parentIds.length > 0 ? (
        <div className={styles.toolbar}>
          <button type="button" className="button button--small" onClick={() => setCollapsed(new Set())}>
            Expand all
          </button>
          <button type="button" className="button button--small" onClick={() => setCollapsed(new Set(parentIds))}>
            Collapse all
          </button>
        </div>
      ) : null}
      <table className={`data-table ${styles.table}`}>
        <TableHead columns={["Task", "Status", "Priority", "Depends on"]} />
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
