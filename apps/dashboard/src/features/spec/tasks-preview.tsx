import type { TaskPreviewItem } from "@maestro/domain";
import { useQuery } from "@tanstack/react-query";
import { ErrorAlert } from "../../components/error-alert";
import { useTRPC } from "../../lib/trpc";
import view from "./spec-view.module.css";
import styles from "./tasks-preview.module.css";

/**
 * Region "Tasks preview": what approving the saved tasks.md would create or update, its problems
 * (line and message) and references to requirements that do not exist.
 */
export function TasksPreview({ specId, version }: { specId: string; version: number | null }) {
  const trpc = useTRPC();
  // Refetched with every spec query when a spec event arrives (a new tasks.md version).
  const preview = useQuery({ ...trpc.spec.tasksPreview.queryOptions({ id: specId }), enabled: version !== null });
  const data = preview.data;
  return (
    <section className={view.section} aria-label="Tasks preview">
      <div className="section-head">
        <h3>Tasks preview</h3>
        {data ? (
          <span className="muted">
            of the saved version: {data.create} to create, {data.update} to update
          </span>
        ) : null}
      </div>
      {version === null ? <p className="muted">Save tasks.md to preview the tasks it becomes.</p> : null}
      <ErrorAlert error={preview.error} />
      {data && data.errors.length + data.warnings.length > 0 ? (
        <ul className={styles.issues} aria-label="Plan problems">
          {data.errors.map((issue, index) => (
            <li key={`e${index}`} className={styles.error}>
              Line {issue.line}: {issue.message}
            </li>
          ))}
          {data.warnings.map((issue, index) => (
            <li key={`w${index}`} className={styles.warning}>
              Line {issue.line}: {issue.message}
            </li>
          ))}
        </ul>
      ) : null}
      {data && data.items.length > 0 ? <PreviewList items={data.items} label="Planned tasks" /> : null}
      {data && data.items.length === 0 && data.errors.length === 0 ? (
        <p className="muted">tasks.md has no checkbox items yet.</p>
      ) : null}
    </section>
  );
}

function PreviewList({ items, label }: { items: TaskPreviewItem[]; label?: string }) {
  return (
    <ul className={styles.list} aria-label={label}>
      {items.map((item) => (
        <li key={item.number}>
          <span className={styles.item}>
            <span aria-hidden="true">{item.isDone ? "☑" : "☐"}</span> <span className="mono">{item.number}</span>{" "}
            {item.title}
            <span className="hint">{item.taskKey ? `updates ${item.taskKey}` : "new task"}</span>
            {item.dependsOn.length > 0 ? <span className="hint">Depends on {item.dependsOn.join(", ")}</span> : null}
            {item.requirementIds.length > 0 ? (
              <span className="hint">Requirements {item.requirementIds.join(", ")}</span>
            ) : null}
          </span>
          {item.children.length > 0 ? <PreviewList items={item.children} /> : null}
        </li>
      ))}
    </ul>
  );
}
