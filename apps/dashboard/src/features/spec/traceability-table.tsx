import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { ErrorAlert } from "../../components/error-alert";
import { useTRPC } from "../../lib/trpc";
import { STATUS_LABELS } from "../task/task-labels";

/**
 * Region "Traceability": table "Requirements and tasks" (requirement → tasks → status; task
 * links open the task panel) and the requirements no task covers.
 */
export function TraceabilityTable({ specId, projectKey }: { specId: string; projectKey: string }) {
  const trpc = useTRPC();
  const trace = useQuery(trpc.spec.traceability.queryOptions({ id: specId }));
  const data = trace.data;
  return (
    <section className="traceability" aria-label="Traceability">
      <h3>Traceability</h3>
      <ErrorAlert error={trace.error} />
      {data && data.requirements.length === 0 ? <p className="muted">No numbered requirements yet.</p> : null}
      {data && data.requirements.length > 0 ? (
        <table className="data-table" aria-label="Requirements and tasks">
          <thead>
            <tr>
              <th scope="col">Requirement</th>
              <th scope="col">Text</th>
              <th scope="col">Tasks</th>
            </tr>
          </thead>
          <tbody>
            {data.requirements.map((requirement) => (
              <tr key={requirement.id} className={`trace-row trace-row--${requirement.kind}`}>
                <th scope="row" className="mono">
                  {requirement.id}
                </th>
                <td>{requirement.text}</td>
                <td>
                  {requirement.tasks.length === 0 ? (
                    <span className="muted">No task</span>
                  ) : (
                    <ul className="trace-tasks">
                      {requirement.tasks.map((task) => (
                        <li key={task.id}>
                          <Link to={`/projects/${projectKey}?task=${task.key}`}>
                            {task.key} {task.title}
                          </Link>{" "}
                          <span className={`status-badge status-badge--${task.status}`}>
                            {STATUS_LABELS[task.status]}
                          </span>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {data && data.uncovered.length > 0 ? (
        <p className="uncovered" role="note" aria-label="Requirements without tasks">
          Requirements without tasks: {data.uncovered.join(", ")}
        </p>
      ) : null}
      {data && data.requirements.length > 0 && data.uncovered.length === 0 ? (
        <p className="lint-ok">Every requirement has a task.</p>
      ) : null}
    </section>
  );
}
