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
  const trpc = useTRPC();
  const hasBranch = task.landing.branch !== null;
  const diff = useQuery({ ...trpc.task.diff.queryOptions({ id: task.id }), enabled: hasBranch });
  const [mode, setMode] = useState<DiffMode>("unified");
  const [draft, updateDraft] = useReviewDraft(task.id);
  const sections = useMemo(() => splitPatch(diff.data?.patch ?? ""), [diff.data?.patch]);

  return (
    <section aria-label="Diff" className={styles.section}>
      <div className={styles.toolbar}>
        <h3 className={styles.heading}>{diff.data ? summarizeDiff(diff.data.files) : "Diff"}</h3>
        <div role="group" aria-label="Diff layout" className={styles.modes}>
          {MODES.map((entry) => (
            <button
              key={entry.id}
              type="button"
              className="button button--small"
              aria-pressed={mode === entry.id}
              onClick={() => setMode(entry.id)}
            >
              {entry.label}
            </button>
          ))}
        </div>
      </div>
      {!hasBranch ? (
        <p className="muted">No branch yet: changes show here once the task's work runs in a worktree of its own.</p>
      ) : null}
      {diff.isLoading ? <p className="muted">Loading diff…</p> : null}
      <ErrorAlert error={diff.error} />
      {diff.data?.isTruncated ? (
        <p className="notice" role="note">
          The diff is too large to show whole; files past the cut show their counts only.
        </p>
      ) : null}
      {diff.data && diff.data.files.length === 0 ? <p className="muted">The branch changes nothing yet.</p> : null}
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
