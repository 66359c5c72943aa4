/*
 * List (tree) view. Accessible names for tests:
 * region "Task tree" holding a table; one row per task, its link "<KEY> <title>" opens the
 * panel; buttons "Collapse <KEY>" / "Expand <KEY>" (aria-expanded), "Expand all", "Collapse all";
 * button "Load more tasks" under it while the project has more (pressed by itself on scrolling).
 * Only the rows near the screen are in the page (virtualised): a big project stays fast.
 */
import { useWindowVirtualizer } from "@tanstack/react-virtual";
import { useLayoutEffect, useMemo, useRef, useState } from "react";
import { useNavigate } from "react-router";
import { Loading } from "../../../components/empty-state";
import { ErrorAlert } from "../../../components/error-alert";
import { LoadOnSight } from "../../../components/load-on-sight";
import { TableHead } from "../../../components/table-head";
import { useProjectContext } from "../../project/project-context";
import { NoTasks } from "../no-tasks";
import { flattenTree } from "../task-index";
import { useTaskPages } from "../use-project-tasks";
import { TaskTreeRow } from "./task-tree-row";
import styles from "./task-tree.module.css";

const ROW_ESTIMATE = 38;

export function TaskTreeView() {
  const { project } = useProjectContext();
  const { query, index } = useTaskPages(project.id);
  const navigate = useNavigate();
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const rows = useMemo(() => flattenTree(index, collapsed), [index, collapsed]);
  const parentIds = useMemo(
    () => index.tasks.filter((task) => index.children.has(task.id)).map((task) => task.id),
    [index],
  );
  const hasToolbar = parentIds.length > 0;
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const [scrollMargin, setScrollMargin] = useState(0);
  useLayoutEffect(() => {
    const top = bodyRef.current?.getBoundingClientRect().top;
    if (top !== undefined) setScrollMargin(top + window.scrollY);
  }, [query.isSuccess, hasToolbar]);
  const virtualizer = useWindowVirtualizer({
    count: rows.length,
    estimateSize: () => ROW_ESTIMATE,
    overscan: 12,
    scrollMargin,
    getItemKey: (position) => rows[position]!.task.id,
  });

  const toggle = (taskId: string) =>
    setCollapsed((current) => {
      const next = new Set(current);
      if (!next.delete(taskId)) next.add(taskId);
      return next;
    });

  if (query.isPending) return <Loading label="Loading tasks…" />;
  if (query.isError) return <ErrorAlert error={query.error} />;
  if (index.tasks.length === 0) return <NoTasks projectKey={project.key} />;

  const items = virtualizer.getVirtualItems();
  const padTop = items[0] ? items[0].start - scrollMargin : 0;
  const padBottom = items.length > 0 ? virtualizer.getTotalSize() - (items.at(-1)!.end - scrollMargin) : 0;
  return (
    <section className={styles.view} aria-label="Task tree">
      {hasToolbar ? (
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
        <tbody ref={bodyRef}>
          {padTop > 0 ? <tr aria-hidden="true" style={{ height: padTop }} /> : null}
          {items.map((item) => {
            const row = rows[item.index]!;
            return (
              <TaskTreeRow
                key={row.task.id}
                measureRef={virtualizer.measureElement}
                position={item.index}
                row={row}
                index={index}
                isCollapsed={collapsed.has(row.task.id)}
                onToggle={() => toggle(row.task.id)}
                onOpen={() => void navigate({ search: `?task=${row.task.key}` })}
              />
            );
          })}
          {padBottom > 0 ? <tr aria-hidden="true" style={{ height: padBottom }} /> : null}
        </tbody>
      </table>
      <LoadOnSight query={query} what="tasks" />
    </section>
  );
}
