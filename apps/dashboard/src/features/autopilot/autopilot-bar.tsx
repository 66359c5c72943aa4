/*
 * Autopilot bar of the project page (every view). Accessible names for tests:
 * region "Autopilot"; status "Autopilot: Off|On|Paused"; input "Max concurrent"; buttons
 * "Start autopilot", "Pause autopilot" (not for a viewer); list "Limits"; region "Queue" with one item per held task.
 */
import type { Project } from "@maestro/domain";
import { useState } from "react";
import { ErrorAlert } from "../../components/error-alert";
import { useCan } from "../auth/use-me";
import { AutopilotLimits } from "./autopilot-limits";
import { AutopilotQueue } from "./autopilot-queue";
import styles from "./autopilot-bar.module.css";
import { AUTOPILOT_STATE_LABELS, formatUtcClock, parseMaxConcurrent } from "./autopilot-format";
import { useAutopilotMutations, useAutopilotStatus } from "./use-autopilot";

export function AutopilotBar({ project }: { project: Project }) {
  const status = useAutopilotStatus(project.id);
  const { start, pause } = useAutopilotMutations(project.id);
  const canSteer = useCan("autopilot.start");
  const [maxText, setMaxText] = useState("");
  const draft = parseMaxConcurrent(maxText);
  const data = status.data;
  const state = data?.state ?? "off";
  const isBusy = start.isPending || pause.isPending;
  const draftValue = "value" in draft ? draft.value : undefined;
  // Start again while on only to change the cap.
  const canStart =
    draftValue !== undefined && !isBusy && (state !== "on" || draftValue !== (data?.maxConcurrent ?? null));

  const onStart = () => {
    if (draftValue === undefined) return;
    pause.reset();
    start.mutate({ projectId: project.id, maxConcurrent: draftValue });
  };
  const onPause = () => {
    start.reset();
    pause.mutate({ projectId: project.id });
  };

  return (
    <section className={`box ${styles.bar}`} aria-label="Autopilot">
      <div className={styles.row}>
        <h2 className={styles.title}>Autopilot</h2>
        <span
          role="status"
          aria-label={`Autopilot: ${AUTOPILOT_STATE_LABELS[state]}`}
          className={`status-pill ${styles.state}`}
          data-status={state}
        >
          {status.isPending ? "…" : AUTOPILOT_STATE_LABELS[state]}
        </span>
        {data && state === "on" && data.maxConcurrent !== null ? (
          <span className="muted">at most {data.maxConcurrent} at once</span>
        ) : null}
        {data && state === "paused" && data.pauseReason ? <span className="muted">{data.pauseReason}</span> : null}
        {canSteer ? (
          <form
            className={styles.form}
            onSubmit={(event) => {
              event.preventDefault();
              onStart();
            }}
          >
            <label className={styles.max}>
              Max concurrent
              <input
                type="number"
                min={1}
                max={64}
                inputMode="numeric"
                placeholder={String(data?.limits.project.limit ?? project.settings.concurrencyLimit)}
                value={maxText}
                aria-invalid={"error" in draft}
                aria-describedby={"error" in draft ? `autopilot-max-error-${project.id}` : undefined}
                onChange={(event) => setMaxText(event.target.value)}
              />
            </label>
            <button type="submit" className="button button--primary button--small" disabled={!canStart}>
              Start autopilot
            </button>
            <button
              type="button"
              className="button button--small"
              disabled={state !== "on" || isBusy}
              onClick={onPause}
            >
              Pause autopilot
            </button>
          </form>
        ) : null}
        {"error" in draft ? (
          <span id={`autopilot-max-error-${project.id}`} className="field-error">
            Max concurrent {draft.error}
          </span>
        ) : null}
        {data?.wakeAt ? <span className="muted">next check at {formatUtcClock(data.wakeAt)}</span> : null}
      </div>
      <ErrorAlert error={status.error ?? start.error ?? pause.error} />
      {data ? <AutopilotLimits limits={data.limits} memory={data.memory} /> : null}
      {data ? <AutopilotQueue queue={data.queue} length={data.queueLength} /> : null}
    </section>
  );
}
