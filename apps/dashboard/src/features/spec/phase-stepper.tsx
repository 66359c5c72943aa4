import { type DocumentPhase, SPEC_PHASES, type SpecDetail, type SpecPhase } from "@maestro/domain";
import { Link } from "react-router";
import styles from "./phase-stepper.module.css";
import { PHASE_LABELS, REVIEW_STATE_LABELS, isDocumentPhase, stepState } from "./spec-format";

/** What a step says about its phase: the review state of a document phase, else progress. */
function stepStatus(spec: SpecDetail, phase: SpecPhase): string {
  const detail = spec.phases.find((entry) => entry.phase === phase);
  if (detail) return detail.version === null ? "Not written" : REVIEW_STATE_LABELS[detail.reviewState];
  const state = stepState(spec, phase);
  return state === "done" ? "Done" : state === "current" ? "Under way" : "Not started";
}

/**
 * Navigation "Phases": requirements → design → tasks → implementation → done. The spec's current
 * phase has aria-current="step"; each document phase links to its editor (`?phase=`), the one
 * shown has aria-current="page". Link names read "<Phase>: <state>", e.g. "Design: Draft".
 */
export function PhaseStepper({ spec, shown }: { spec: SpecDetail; shown: DocumentPhase }) {
  return (
    <nav aria-label="Phases">
      <ol className={styles.steps}>
        {SPEC_PHASES.map((phase, index) => {
          const state = stepState(spec, phase);
          const label = `${PHASE_LABELS[phase]}: ${stepStatus(spec, phase)}`;
          return (
            <li
              key={phase}
              className={`box ${styles.step}`}
              data-state={state}
              aria-current={state === "current" ? "step" : undefined}
            >
              <span className={styles.number} aria-hidden="true">
                {state === "done" ? "✓" : index + 1}
              </span>
              {isDocumentPhase(phase) ? (
                <Link
                  to={{ search: `?phase=${phase}` }}
                  aria-current={phase === shown ? "page" : undefined}
                  aria-label={label}
                  className={styles.link}
                >
                  <StepText phase={phase} status={stepStatus(spec, phase)} />
                </Link>
              ) : (
                <span className={styles.link}>
                  <StepText phase={phase} status={stepStatus(spec, phase)} />
                </span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

function StepText({ phase, status }: { phase: SpecPhase; status: string }) {
  return (
    <>
      <span className={styles.name}>{PHASE_LABELS[phase]}</span>
      <span className={styles.status}>{status}</span>
    </>
  );
}
