import type { Task } from "@maestro/domain";
import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { ErrorAlert } from "../../../components/error-alert";
import { useTRPC } from "../../../lib/trpc";
import { addDraftComment, removeDraftComment } from "../review/review-draft";
import { useReviewDraft } from "../review/use-review-draft";
import styles from "./diff.module.css";
import { DiffFileList } from "./diff-file-list";
import { summarizeDiff } from "./diff-labels";
import type { DiffMode } from "./file-diff";
import { splitPatch } from "./split-patch";

const MODES: { id: DiffMode; label: string }[] = [
  { id: "unified", label: "Unified" },
  { id: "split", label: "Split" },
];

/**
 * Region "Diff": the task's branch against its target ("N files changed, …"), group "Diff layout"
 * with toggle buttons "Unified" and "Split", and list "Changed files" (see diff-file-list.tsx).
 */
export function DiffSection({ task }: { task: Task }) {
  const { hasBranch, diff, sections } = useTaskDiff(task);
  const [mode, setMode] = useState<DiffMode>("unified");
  const [draft, updateDraft] = useReviewDraft(task.id);

  return (
    <section aria-label="Diff" className={styles.section}>
      <div className={styles.toolbar}>
        <h3 className={styles.heading}>{diff.data ? summarizeDiff(diff.data.files) : "Diff"}</h3>
        <ModeToggle mode={mode} onMode={setMode} />
      </div>
      <DiffStatus
        hasBranch={hasBranch}
        isLoading={diff.isLoading}
        error={diff.error}
        isTruncated={diff.data?.isTruncated ?? false}
        isEmpty={diff.data?.files.length === 0}
      />
      {diff.data && diff.data.files.length > 0 ? (
        <DiffFileList
          key={diff.data.head}
          files={diff.data.files}
          sections={sections}
          mode={mode}
          comments={draft.comments}
          onAddComment={(comment) => updateDraft((current) => addDraftComment(current, comment))}
          onRemoveComment={(id) => updateDraft((current) => removeDraftComment(current, id))}
        />
      ) : null}
    </section>
  );
}

/** The task's diff once it has a branch, and its patch cut into one section per file. */
function useTaskDiff(task: Task) {
  const trpc = useTRPC();
  const hasBranch = task.landing.branch !== null;
  const diff = useQuery({ ...trpc.task.diff.queryOptions({ id: task.id }), enabled: hasBranch });
  const sections = useMemo(() => splitPatch(diff.data?.patch ?? ""), [diff.data?.patch]);
  return { hasBranch, diff, sections };
}

function ModeToggle({ mode, onMode }: { mode: DiffMode; onMode: (mode: DiffMode) => void }) {
  return (
    <div role="group" aria-label="Diff layout" className={styles.modes}>
      {MODES.map((entry) => (
        <button
          key={entry.id}
          type="button"
          className="button button--small"
          aria-pressed={mode === entry.id}
          onClick={() => onMode(entry.id)}
        >
          {entry.label}
        </button>
      ))}
    </div>
  );
}

interface DiffStatusProps {
  hasBranch: boolean;
  isLoading: boolean;
  error: unknown;
  isTruncated: boolean;
  isEmpty: boolean;
}

/** Why there is no diff to show yet, or what to know about the one shown. */
function DiffStatus({ hasBranch, isLoading, error, isTruncated, isEmpty }: DiffStatusProps) {
  return (
    <>
      {!hasBranch ? (
        <p className="muted">No branch yet: changes show here once the task's work runs in a worktree of its own.</p>
      ) : null}
      {isLoading ? <p className="muted">Loading diff…</p> : null}
      <ErrorAlert error={error} />
      {isTruncated ? (
        <p className="notice" role="note">
          The diff is too large to show whole; files past the cut show their counts only.
        </p>
      ) : null}
      {isEmpty ? <p className="muted">The branch changes nothing yet.</p> : null}
    </>
  );
}
