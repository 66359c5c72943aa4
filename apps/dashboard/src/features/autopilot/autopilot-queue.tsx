import { Link } from "react-router";
import type { AutopilotStatus } from "./use-autopilot";

/** Ready tasks held back by a limit, an overlap or a pause, in the order they will start. */
export function AutopilotQueue({ queue }: { queue: AutopilotStatus["queue"] }) {
  return (
    <section className="autopilot-queue" aria-label="Queue">
      <h3 className="autopilot-subtitle">
        Queue <span className="queue-count">{queue.length}</span>
      </h3>
      {queue.length === 0 ? (
        <p className="muted">No ready task is waiting for a slot.</p>
      ) : (
        <ol className="queue-list">
          {queue.map((entry) => (
            <li key={entry.taskId} className="queue-item">
              <Link to={{ search: `?task=${entry.key}` }} className="queue-link">
                <span className="card-key">{entry.key}</span> {entry.title}
              </Link>
              <span className="queue-reason">{entry.text}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
