import type { ImportPlan } from "@maestro/domain";
import { useEffect, useRef } from "react";
import { Link } from "react-router";
import styles from "./import-dialog.module.css";
import { appliedLine, changedDocumentCount } from "./import-plan";

/** The last step: what was imported, links "Open the board" (and "Open the specs"), "Close". */
export function ImportDone({ plan, onClose }: { plan: ImportPlan; onClose: () => void }) {
  const boardLink = useRef<HTMLAnchorElement>(null);
  // The confirm button that had the focus is gone: the next thing to do gets it.
  useEffect(() => boardLink.current?.focus(), []);
  const projectPath = `/projects/${plan.projectKey}`;
  return (
    <div className="form">
      <p role="status" className={styles.line}>
        {appliedLine(plan)}
      </p>
      {plan.held ? (
        <p className={`notice ${styles.line}`}>
          Autopilot is on, so they are held: it starts one only after you release it (start it, retry it or change its
          status).
        </p>
      ) : null}
      <div className="modal-actions">
        {changedDocumentCount(plan) > 0 ? (
          <Link className="button" to={`${projectPath}/specs`} onClick={onClose}>
            Open the specs
          </Link>
        ) : null}
        <Link ref={boardLink} className="button button--primary" to={projectPath} onClick={onClose}>
          Open the board
        </Link>
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
