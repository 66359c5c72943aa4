import type { Task } from "@maestro/domain";
import { Link } from "react-router";
import { SESSION_STATUS_LABELS } from "../session/session-labels";
import { STATUS_LABELS } from "../task/task-labels";
import { NODE_HEIGHT, NODE_WIDTH, type Point } from "./graph-layout";
import type { MarkerStatus } from "./session-markers";

interface GraphNodeProps {
  task: Task;
  at: Point;
  marker: MarkerStatus | undefined;
  explanation: string | undefined;
  isCritical: boolean;
  isSelected: boolean;
  onInspect: (taskId: string | null) => void;
}

const MARKER_LABELS: Record<MarkerStatus, string> = {
  ...SESSION_STATUS_LABELS,
  waiting: "Waiting (usage limit)",
};

/** One task: its link opens the task panel; hover or focus shows why it is (not) running. */
export function GraphNode({ task, at, marker, explanation, isCritical, isSelected, onInspect }: GraphNodeProps) {
  const infoId = `graph-node-info-${task.id}`;
  const classes = ["graph-node", `graph-node--${task.status}`];
  if (isCritical) classes.push("graph-node--critical");
  if (isSelected) classes.push("graph-node--selected");
  return (
    <div
      className={classes.join(" ")}
      style={{ left: at.x, top: at.y, width: NODE_WIDTH, height: NODE_HEIGHT }}
      data-task-key={task.key}
      data-status={task.status}
      data-critical={isCritical}
      onMouseEnter={() => onInspect(task.id)}
      onMouseLeave={() => onInspect(null)}
    >
      <Link
        to={{ search: `?task=${task.key}` }}
        className="graph-node-link"
        aria-describedby={infoId}
        aria-current={isSelected ? "true" : undefined}
        onFocus={() => onInspect(task.id)}
        onBlur={() => onInspect(null)}
      >
        <span className="card-key">{task.key}</span> <span className="graph-node-title">{task.title}</span>
      </Link>
      <div id={infoId}>
        <div className="graph-node-info">
          <span className={`status-badge status-badge--${task.status}`}>{STATUS_LABELS[task.status]}</span>
          {marker ? <span className={`graph-marker graph-marker--${marker}`}>{MARKER_LABELS[marker]}</span> : null}
          {isCritical ? (
            <span className="hint hint--critical">
              Critical<span className="visually-hidden"> path</span>
            </span>
          ) : null}
        </div>
        {explanation ? (
          <p className="graph-node-why">
            <span className="visually-hidden">; </span>
            {explanation}
          </p>
        ) : null}
      </div>
    </div>
  );
}
