import type { DiffFile } from "@maestro/domain";
import { Suspense, lazy, useId } from "react";
import type { DraftComment, LineSide } from "../review/review-draft";
import styles from "./diff.module.css";
import { FILE_STATUS_LABELS, describeFile, displayPath } from "./diff-labels";
import type { DiffMode } from "./file-diff";

// The diff library and its highlighter load with the first file someone opens.
const FileDiff = lazy(async () => ({ default: (await import("./file-diff")).FileDiff }));

interface DiffFileRowProps {
  file: DiffFile;
  section: string | undefined;
  isOpen: boolean;
  onToggle: () => void;
  mode: DiffMode;
  comments: readonly DraftComment[];
  onAddComment: (comment: { file: string; line: number; side: LineSide; text: string }) => void;
  onRemoveComment: (id: number) => void;
}

/** A file's header (button "<path>, <status>, N additions, M deletions", expands) and, open, its diff. */
export function DiffFileRow({ file, section, isOpen, onToggle, ...diff }: DiffFileRowProps) {
  const bodyId = useId();
  return (
    <div className={styles.file}>
      <h4 className={styles.fileHeader}>
        <button
          type="button"
          className={styles.toggle}
          aria-expanded={isOpen}
          aria-controls={isOpen ? bodyId : undefined}
          aria-label={describeFile(file)}
          onClick={onToggle}
        >
          <span aria-hidden="true" className={styles.chevron}>
            {isOpen ? "▾" : "▸"}
          </span>
          <span className={styles.path}>{displayPath(file)}</span>
          <span className={styles.fileStatus} data-file-status={file.status}>
            {FILE_STATUS_LABELS[file.status]}
          </span>
          {file.isBinary ? (
            <span className="muted">binary file, not shown</span>
          ) : (
            <span className={styles.counts}>
              <span className={styles.additions}>+{file.additions}</span>
              <span className={styles.deletions}>−{file.deletions}</span>
            </span>
          )}
        </button>
      </h4>
      {isOpen ? (
        <div id={bodyId}>
          <FileBody file={file} section={section} {...diff} />
        </div>
      ) : null}
    </div>
  );
}

function FileBody({
  file,
  section,
  mode,
  comments,
  onAddComment,
  onRemoveComment,
}: Omit<DiffFileRowProps, "isOpen" | "onToggle">) {
  if (file.isBinary) return <p className={styles.note}>Binary file, not shown.</p>;
  if (section === undefined) return <p className={styles.note}>Not shown: the diff was cut at its size limit.</p>;
  if (!section.includes("\n@@")) {
    return <p className={styles.note}>{file.status === "renamed" ? "Renamed without changes." : "No text changes."}</p>;
  }
  return (
    <Suspense fallback={<p className={styles.note}>Loading diff…</p>}>
      <FileDiff
        file={file}
        section={section}
        mode={mode}
        comments={comments}
        onAddComment={(comment) => onAddComment({ ...comment, file: file.path })}
        onRemoveComment={onRemoveComment}
      />
    </Suspense>
  );
}
