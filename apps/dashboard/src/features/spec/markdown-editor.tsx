import { type ReactNode, type TextareaHTMLAttributes, useId } from "react";
import { cx } from "../../lib/cx";
import { MarkdownPreview } from "./markdown-preview";
import styles from "./markdown-editor.module.css";

/*
 * The parts of the spec and steering editors: toolbar with "Save", the conflict alert, and the
 * textbox beside its region "Preview".
 */

interface EditorToolbarProps {
  isDirty: boolean;
  isSaving: boolean;
  onSave: () => void;
  /** What the text is based on, before the status. */
  children?: ReactNode;
}

/** Status "Unsaved changes" and button "Save" (only with something to save). */
export function EditorToolbar({ isDirty, isSaving, onSave, children }: EditorToolbarProps) {
  return (
    <div className={styles.toolbar}>
      {children}
      <span role="status" className={styles.dirty}>
        {isDirty ? "Unsaved changes" : ""}
      </span>
      <button type="button" className="button button--primary" onClick={onSave} disabled={!isDirty || isSaving}>
        {isSaving ? "Saving…" : "Save"}
      </button>
    </div>
  );
}

/** An alert that the text changed elsewhere, with the ways out (children: buttons). */
export function ConflictAlert({ message, note, children }: { message: string; note?: string; children: ReactNode }) {
  return (
    <div className={styles.conflict} role="alert">
      <p>{message}</p>
      <div className={styles.conflictActions}>{children}</div>
      {note ? <p className="muted">{note}</p> : null}
    </div>
  );
}

type TextPaneProps = TextareaHTMLAttributes<HTMLTextAreaElement> & {
  /** The textbox's name ("requirements.md"). */
  label: string;
  /** A few lines high instead of a page. */
  isShort?: boolean;
};

/** A labelled monospace textbox for markdown. */
export function TextPane({ label, isShort = false, ...textarea }: TextPaneProps) {
  const id = useId();
  return (
    <div className={styles.pane}>
      <label className={styles.label} htmlFor={id}>
        {label}
      </label>
      <textarea {...textarea} id={id} className={cx(styles.text, isShort && styles.short, "mono")} spellCheck={false} />
    </div>
  );
}

interface MarkdownEditorProps extends Omit<TextPaneProps, "value" | "onChange" | "isShort"> {
  text: string;
  onChange: (text: string) => void;
}

/** The textbox and, beside it, region "Preview" of what it will look like. */
export function MarkdownEditor({ text, onChange, ...pane }: MarkdownEditorProps) {
  return (
    <div className={styles.grid}>
      <TextPane {...pane} value={text} onChange={(event) => onChange(event.target.value)} />
      <MarkdownPreview text={text} label="Preview" />
    </div>
  );
}
