import type { Task } from "@maestro/domain";
import { Fact, Facts } from "../../components/facts";
import styles from "./landing.module.css";
import { CHECKS_LABELS, LAND_LABELS, REVIEW_LABELS, shortCommit } from "./landing-format";

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
      <Facts>
        <Fact term="Branch">{landing.branch ? <code>{landing.branch}</code> : "—"}</Fact>
        <Fact term="Base">{shortCommit(landing.baseCommit)}</Fact>
        <Fact term="Head">{shortCommit(landing.headCommit)}</Fact>
        {landing.landedCommit ? <Fact term="Landed as">{shortCommit(landing.landedCommit)}</Fact> : null}
        {landing.prUrl ? (
          <Fact term="Pull request">
            <a href={landing.prUrl} target="_blank" rel="noreferrer">
              {landing.prUrl}
            </a>
          </Fact>
        ) : null}
      </Facts>
    </section>
  );
}
