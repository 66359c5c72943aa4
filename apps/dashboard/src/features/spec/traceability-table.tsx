import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { ErrorAlert } from "../../components/error-alert";
import { useTRPC } from "../../lib/trpc";
import { TableHead } from "../../components/table-head";
import { TaskStatusBadge } from "../task/task-status-badge";
import view from "./spec-view.module.css";
import styles from "./traceability-table.module.css";

/**
 * Region "Traceability": table "Requirements and tasks" (requirement → tasks → status; task
 * links open the task panel) and the requirements no task covers.
 */
export function TraceabilityTable({ specId, projectKey }: { specId: string; projectKey: string }) {
  const trpc = useTRPC();
  const trace = useQuery(trpc.spec.traceability.queryOptions({ id: specId }));
  const data = trace.data;
  return (
    <section className={view.section} aria-label="Traceability">
      <h3>Traceability</h3>
      <ErrorAlert error={trace.error} />
      {data && data.requirements.length === 0 ? <p className="muted">No numbered requirements yet.</p> : null}
      {data && data.requirements.length > 0 ? (
        <table className="data-table" aria-label="Requirements and tasks">
          <TableHead columns={["Requirement", "Text", "Tasks"]} />
          <tbody>
            {data.requirements.map((requirement) => (
              <tr key={requirement.id} className={styles.row} data-kind={requirement.kind}>
                <th scope="row" className="mono">
                  {requirement.id}
                </th>
                <td>{requirement.text}</td>
                <td>
                  {requirement.tasks.length === 0 ? (
                    <span className="muted">No task</span>
                  ) : (
                    <ul className={styles.tasks}>
                      {requirement.tasks.map((task) => (
                        <li key={task.id}>
                          <Link to={`/projects/${projectKey}?task=${task.key}`}>
                            {task.key} {task.title}
                          </Link>{" "}
                          <TaskStatusBadge status={task.status} />
                        </li>
                      ))}
                      {requirement.taskCount > requirement.tasks.length ? (
                        <li className="muted">and {requirement.taskCount - requirement.tasks.length} more</li>
                      ) : null}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {data && data.uncovered.length > 0 ? (
        <p className={styles.uncovered} role="note" aria-label="Requirements without tasks">
          Requirements without tasks: {data.uncovered.join(", ")}
        </p>
      ) : null}
      {data && data.requirements.length > 0 && data.uncovered.length === 0 ? (
        <p className={view.ok}>Every requirement has a task.</p>
      ) : null}
    </section>
  );
}
