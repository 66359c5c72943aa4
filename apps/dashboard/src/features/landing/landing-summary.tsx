import type { Task } from "@maestro/domain";
import type { ReactNode } from "react";
import styles from "./landing.module.css";
import { CHECKS_LABELS, LAND_LABELS, REVIEW_LABELS, shortCommit } from "./landing-format";

function Item({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </>
  );
}

/**
 * Region "Landing": branch, commits, and the three states as statuses "Checks: …", "Review: …" and
 * "Land state: …" (each with data-status); why it waits, the files in conflict ("Files in
 * conflict"), the pull request, the landed commit.
 */
export function LandingSummary({ task }: { task: Task }) {
  const { landing } = task;
  return (
    <section aria-label="Landing" className={styles.summary}>
      <div className={styles.states}>
        <span
          role="status"
          className="status-pill"
          data-status={landing.checksState}
          aria-label={`Checks: ${CHECKS_LABELS[landing.checksState]}`}
        >
          {CHECKS_LABELS[landing.checksState]}
        </span>
        <span
          role="status"
          className="status-pill"
          data-status={landing.reviewState}
          aria-label={`Review: ${REVIEW_LABELS[landing.reviewState]}`}
        >
          {REVIEW_LABELS[landing.reviewState]}
        </span>
        <span
          role="status"
          className="status-pill"
          data-status={landing.landState}
          aria-label={`Land state: ${LAND_LABELS[landing.landState]}`}
        >
          {LAND_LABELS[landing.landState]}
        </span>
      </div>
      {landing.note ? (
        <p className="notice" role="note">
          {landing.note}
        </p>
      ) : null}
      {landing.conflictFiles.length > 0 ? (
        <div className={`alert ${styles.stacked}`}>
          <span>Merging into the target branch conflicts in:</span>
          <ul aria-label="Files in conflict">
            {landing.conflictFiles.map((file) => (
              <li key={file}>
                <code>{file}</code>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <dl className={styles.facts}>
        <Item term="Branch">{landing.branch ? <code>{landing.branch}</code> : "—"}</Item>
        <Item term="Base">{shortCommit(landing.baseCommit)}</Item>
        <Item term="Head">{shortCommit(landing.headCommit)}</Item>
        {landing.landedCommit ? <Item term="Landed as">{shortCommit(landing.landedCommit)}</Item> : null}
        {landing.prUrl ? (
          <Item term="Pull request">
            <a href={landing.prUrl} target="_blank" rel="noreferrer">
              {landing.prUrl}
            </a>
          </Item>
        ) : null}
      </dl>
    </section>
  );
}
