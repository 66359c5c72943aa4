import { DOCUMENT_FILES, type DocumentPhase, type SpecDetail } from "@maestro/domain";
import type { KeyboardEvent } from "react";
import { ErrorAlert } from "../../components/error-alert";
import { ConflictAlert, EditorToolbar, MarkdownEditor, TextPane } from "./markdown-editor";
import styles from "./phase-editor.module.css";
import { isDirty, newerVersion } from "./spec-editor-state";
import type { usePhaseDraft } from "./use-phase-draft";

type PhaseDraft = ReturnType<typeof usePhaseDraft>;

/**
 * Markdown editor with live preview. Accessible names: textbox "<phase>.md" (e.g.
 * "requirements.md"), region "Preview", button "Save" (Ctrl+S in the editor); on a conflict an
 * alert with buttons "Load newer version" and "Keep my text"; after loading over an edited
 * draft, textbox "Your replaced text" with button "Dismiss replaced text".
 */
export function PhaseEditor({ spec, phase, state }: { spec: SpecDetail; phase: DocumentPhase; state: PhaseDraft }) {
  const { draft, stored } = state;
  const fileName = DOCUMENT_FILES[phase];
  const newer = newerVersion(draft, stored);
  const dirty = isDirty(draft);
  const detail = spec.phases.find((entry) => entry.phase === phase);

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
      event.preventDefault();
      if (dirty && !state.isSaving) state.save();
    }
  };

  return (
    <div className={styles.editor}>
      <EditorToolbar isDirty={dirty} isSaving={state.isSaving} onSave={state.save}>
        <span className="muted">
          {draft.baseVersion === 0 ? "No version yet" : `Based on version ${draft.baseVersion}`}
          {detail?.author ? ` · last saved by ${detail.author}` : ""}
        </span>
      </EditorToolbar>
      {state.conflict || newer !== null ? (
        <ConflictAlert
          message={
            state.conflict ??
            `Version ${newer} of ${fileName} was saved (by ${detail?.author ?? "someone"}) while you were editing. Your text is not saved yet.`
          }
          note="Loading the newer version keeps your text below to copy from; keeping your text saves it as the next version, and the other edit stays in the history."
        >
          <button type="button" className="button" onClick={state.loadNewer} disabled={state.isResolving}>
            Load newer version
          </button>
          <button type="button" className="button" onClick={state.keepMine} disabled={state.isResolving}>
            Keep my text
          </button>
        </ConflictAlert>
      ) : null}
      <ErrorAlert error={state.saveError} />
      <MarkdownEditor
        label={fileName}
        text={draft.text}
        onChange={state.setText}
        onKeyDown={onKeyDown}
        rows={20}
        placeholder={PLACEHOLDERS[phase]}
      />
      {draft.setAside !== null ? (
        <div className={styles.setAside}>
          <TextPane label="Your replaced text" readOnly value={draft.setAside} rows={8} isShort />
          <button type="button" className="button button--small" onClick={state.dismissSetAside}>
            Dismiss replaced text
          </button>
        </div>
      ) : null}
    </div>
  );
}

const PLACEHOLDERS: Record<DocumentPhase, string> = {
  requirements:
    "### Requirement 1: Sign in\n1. WHEN the user submits valid credentials THE SYSTEM SHALL start a session",
  design: "# Design\n\nComponents, data, interfaces, error handling…",
  tasks: "- [ ] 1. First task\n  _Requirements: 1.1_\n- [ ] 2. Second task\n  _Depends: 1_",
};
