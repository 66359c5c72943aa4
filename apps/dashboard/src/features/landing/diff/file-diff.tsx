/*
 * One file's diff, drawn by @git-diff-view/react (loaded with the first opened file: it carries
 * the syntax highlighter). Its "+" button beside each line opens "Comment on line N of <file>";
 * the buttons are named here and open from the keyboard too (the library listens for mousedown).
 */
import "@git-diff-view/react/styles/diff-view-pure.css";
import type { DiffFile } from "@maestro/domain";
import { DiffModeEnum, DiffView, type DiffViewProps, SplitSide } from "@git-diff-view/react";
import { type MouseEvent, type RefObject, useMemo, useRef } from "react";
import { useCan } from "../../auth/use-me";
import { type DraftComment, type LineSide, commentsByLine } from "../review/review-draft";
import styles from "./file-diff.module.css";
import { DraftComments, LineCommentForm } from "./line-comment-form";
import { focusCommentButton, useCommentButtonNames } from "./use-comment-button-names";

export type DiffMode = "unified" | "split";
type WidgetStore = Parameters<NonNullable<DiffViewProps<DraftComment[]>["onCreateUseWidgetHook"]>>[0];

/** Past this much text a file is shown without syntax colours, which cost the most. */
const HIGHLIGHT_LIMIT = 256 * 1024;

export interface FileDiffProps {
  file: DiffFile;
  /** The file's section of the unified diff. */
  section: string;
  mode: DiffMode;
  comments: readonly DraftComment[];
  onAddComment: (comment: { line: number; side: LineSide; text: string }) => void;
  onRemoveComment: (id: number) => void;
}

const sideName = (side: SplitSide): LineSide => (side === SplitSide.old ? "old" : "new");

export function FileDiff({ file, section, mode, comments, onAddComment, onRemoveComment }: FileDiffProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const widgetRef = useRef<WidgetStore | null>(null);
  useCommentButtonNames(containerRef, file.path);
  // Line comments belong to a review: who may not review (a viewer) gets no "+" buttons.
  const canComment = useCan("task.review");
  const { data, extendData } = useDiffData(file, section, comments);
  return (
    // The click handler only completes the buttons inside, which are keyboard operable themselves.
    <div ref={containerRef} className={styles.diff} onClick={(event) => openFormFromKeyboard(event, widgetRef.current)}>
      <DiffView<DraftComment[]>
        data={data}
        diffViewMode={mode === "split" ? DiffModeEnum.Split : DiffModeEnum.Unified}
        diffViewTheme="light"
        diffViewHighlight={section.length <= HIGHLIGHT_LIMIT}
        diffViewFontSize={12}
        diffViewAddWidget={canComment}
        onCreateUseWidgetHook={(store) => {
          widgetRef.current = store;
        }}
        renderWidgetLine={({ lineNumber, side, onClose }) => (
          <LineWidget
            path={file.path}
            line={lineNumber}
            side={sideName(side)}
            containerRef={containerRef}
            onAdd={(text) => onAddComment({ line: lineNumber, side: sideName(side), text })}
            onClose={onClose}
          />
        )}
        extendData={extendData}
        renderExtendLine={({ data: lineComments }) => (
          <DraftComments comments={lineComments} onRemove={onRemoveComment} />
        )}
      />
    </div>
  );
}

/** The library's input: the file's one section, and the draft comments beside their lines. */
function useDiffData(file: DiffFile, section: string, comments: readonly DraftComment[]) {
  const data = useMemo(
    () => ({ oldFile: { fileName: file.oldPath ?? file.path }, newFile: { fileName: file.path }, hunks: [section] }),
    [file.oldPath, file.path, section],
  );
  const extendData = useMemo(
    () => ({
      oldFile: commentsByLine(comments, file.path, "old"),
      newFile: commentsByLine(comments, file.path, "new"),
    }),
    [comments, file.path],
  );
  return { data, extendData };
}

/** A keyboard press on a "+" button is a click without a mousedown: open its form here. */
function openFormFromKeyboard(event: MouseEvent, widgets: WidgetStore | null) {
  const button = (event.target as HTMLElement).closest<HTMLElement>("[data-comment-line]");
  if (event.detail !== 0 || !button) return;
  const side = button.dataset.commentSide === "old" ? SplitSide.old : SplitSide.new;
  widgets?.getReadonlyState().setWidget({ side, lineNumber: Number(button.dataset.commentLine) });
}

interface LineWidgetProps {
  path: string;
  line: number;
  side: LineSide;
  containerRef: RefObject<HTMLElement | null>;
  onAdd: (text: string) => void;
  onClose: () => void;
}

function LineWidget({ path, line, side, containerRef, onAdd, onClose }: LineWidgetProps) {
  // Focus goes back to the line's "+" when its form closes, not to the page's top.
  const close = () => {
    onClose();
    requestAnimationFrame(() => focusCommentButton(containerRef.current, line, side));
  };
  return (
    <LineCommentForm
      file={path}
      line={line}
      side={side}
      onAdd={(text) => {
        onAdd(text);
        close();
      }}
      onCancel={close}
    />
  );
}
