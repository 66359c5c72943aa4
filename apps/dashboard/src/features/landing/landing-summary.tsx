import type { Task, TaskLanding } from "@maestro/domain";
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
        <StatePill name="Checks" state={landing.checksState} label={CHECKS_LABELS[landing.checksState]} />
        <StatePill name="Review" state={landing.reviewState} label={REVIEW_LABELS[landing.reviewState]} />
        <StatePill name="Land state" state={landing.landState} label={LAND_LABELS[landing.landState]} />
      </div>
      {landing.note ? (
        <p className="notice" role="note">
          {landing.note}
        </p>
      ) : null}
      {landing.conflictFiles.length > 0 ? <ConflictFiles files={landing.conflictFiles} /> : null}
      <LandingFacts landing={landing} />
    </section>
  );
}

function StatePill({ name, state, label }: { name: string; state: string; label: string }) {
  return (
    <span role="status" className="status-pill" data-status={state} aria-label={`${name}: ${label}`}>
      {label}
    </span>
  );
}

function ConflictFiles({ files }: { files: readonly string[] }) {
  return (
    <div className={`alert ${styles.stacked}`}>
      <span>Merging into the target branch conflicts in:</span>
      <ul aria-label="Files in conflict">
        {files.map((file) => (
          <li key={file}>
            <code>{file}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}

function LandingFacts({ landing }: { landing: TaskLanding }) {
  return (
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
  );
}
