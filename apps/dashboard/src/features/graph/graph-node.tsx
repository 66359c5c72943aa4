import type { Task } from "@maestro/domain";
import { Link } from "react-router";
import { SESSION_STATUS_LABELS } from "../session/session-labels";
import { cx } from "../../lib/cx";
import { LANDING_MARK_LABELS, landingMark } from "../landing/landing-format";
import { TaskStatusBadge } from "../task/task-status-badge";
import { NODE_HEIGHT, NODE_WIDTH, type Point } from "./graph-layout";
import styles from "./graph-node.module.css";
import type { MarkerStatus } from "./session-markers";

interface GraphNodeProps {
  task: Task;
  at: Point;
  marker: MarkerStatus | undefined;
  explanation: string | undefined;
  isCritical: boolean;
  isSelected: boolean;
  /** "also changes a.ts: WEB-7; …" when its branch shares files with others in flight. */
  overlaps: string | undefined;
  onInspect: (taskId: string | null) => void;
}

const MARKER_LABELS: Record<MarkerStatus, string> = {
  ...SESSION_STATUS_LABELS,
  waiting: "Waiting (usage limit)",
};

/** One task: its link opens the task panel; hover or focus shows why it is (not) running. */
export function GraphNode(props: GraphNodeProps) {
  const { task, at, marker, explanation, isCritical, isSelected, overlaps, onInspect } = props;
  const infoId = `graph-node-info-${task.id}`;
  const mark = landingMark(task);
  return (
    <div
      className={cx("box", styles.node, isCritical && styles.critical, isSelected && styles.selected)}
      style={{ left: at.x, top: at.y, width: NODE_WIDTH, height: NODE_HEIGHT }}
      data-task-key={task.key}
      data-status={task.status}
      data-critical={isCritical}
      data-landing={mark ?? undefined}
      onMouseEnter={() => onInspect(task.id)}
      onMouseLeave={() => onInspect(null)}
    >
      <Link
        to={{ search: `?task=${task.key}` }}
        className={styles.link}
        aria-describedby={infoId}
        aria-current={isSelected ? "true" : undefined}
        onFocus={() => onInspect(task.id)}
        onBlur={() => onInspect(null)}
      >
        <span className="task-key">{task.key}</span> <span>{task.title}</span>
      </Link>
      <div id={infoId}>
        <div className={styles.info}>
          <TaskStatusBadge status={task.status} />
          {marker ? (
            <span className={`status-pill ${styles.marker}`} data-status={marker}>
              {MARKER_LABELS[marker]}
            </span>
          ) : null}
          {mark ? (
            <span className="status-pill" data-status={mark}>
              {LANDING_MARK_LABELS[mark]}
            </span>
          ) : null}
          {overlaps ? (
            <span className="hint hint--warn" title={overlaps}>
              Overlaps<span className="visually-hidden">: {overlaps}</span>
            </span>
          ) : null}
          {isCritical ? (
            <span className="hint hint--accent">
              Critical<span className="visually-hidden"> path</span>
            </span>
          ) : null}
        </div>
        {explanation ? (
          <p className={styles.why}>
            <span className="visually-hidden">; </span>
            {explanation}
          </p>
        ) : null}
      </div>
    </div>
  );
}
