import { Link } from "react-router";
import styles from "./autopilot-queue.module.css";
import type { AutopilotStatus } from "./use-autopilot";

/** Ready tasks held back by a limit, an overlap or a pause, in the order they will start (the first ones of `length`). */
export function AutopilotQueue({ queue, length }: { queue: AutopilotStatus["queue"]; length: number }) {
  return (
    <section className={styles.queue} aria-label="Queue">
      <h3 className={styles.subtitle}>
        Queue <span className={styles.count}>{length}</span>
      </h3>
      {queue.length === 0 ? (
        <p className="muted">No ready task is waiting for a slot.</p>
      ) : (
        <ol className={styles.list}>
          {queue.map((entry) => (
            <li key={entry.taskId} className={styles.item}>
              <Link to={{ search: `?task=${entry.key}` }} className={styles.link}>
                <span className="task-key">{entry.key}</span> {entry.title}
              </Link>
              <span className={styles.reason}>{entry.text}</span>
            </li>
          ))}
        </ol>
      )}
      {length > queue.length ? <p className="muted">and {length - queue.length} more</p> : null}
    </section>
  );
}
