import { DOCUMENT_FILES, type DocumentPhase, type SpecDetail } from "@maestro/domain";
import { type KeyboardEvent, useId } from "react";
import { ErrorAlert } from "../../components/error-alert";
import { MarkdownPreview } from "./markdown-preview";
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
  const editorId = useId();
  const setAsideId = useId();

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
      event.preventDefault();
      if (dirty && !state.isSaving) state.save();
    }
  };

  return (
    <div className="phase-editor">
      <div className="editor-toolbar">
        <span className="muted">
          {draft.baseVersion === 0 ? "No version yet" : `Based on version ${draft.baseVersion}`}
          {detail?.author ? ` · last saved by ${detail.author}` : ""}
        </span>
        <span role="status" className="editor-dirty">
          {dirty ? "Unsaved changes" : ""}
        </span>
        <button
          type="button"
          className="button button--primary"
          onClick={state.save}
          disabled={!dirty || state.isSaving}
        >
          {state.isSaving ? "Saving…" : "Save"}
        </button>
      </div>
      {state.conflict || newer !== null ? (
        <div className="conflict" role="alert">
          <p>
            {state.conflict ??
              `Version ${newer} of ${fileName} was saved (by ${detail?.author ?? "someone"}) while you were editing. Your text is not saved yet.`}
          </p>
          <div className="conflict-actions">
            <button type="button" className="button" onClick={state.loadNewer} disabled={state.isResolving}>
              Load newer version
            </button>
            <button type="button" className="button" onClick={state.keepMine} disabled={state.isResolving}>
              Keep my text
            </button>
          </div>
          <p className="muted">
            Loading the newer version keeps your text below to copy from; keeping your text saves it as the next
            version, and the other edit stays in the history.
          </p>
        </div>
      ) : null}
      <ErrorAlert error={state.saveError} />
      <div className="editor-grid">
        <div className="editor-pane">
          <label className="editor-label" htmlFor={editorId}>
            {fileName}
          </label>
          <textarea
            id={editorId}
            className="editor-text mono"
            value={draft.text}
            onChange={(event) => state.setText(event.target.value)}
            onKeyDown={onKeyDown}
            spellCheck={false}
            rows={20}
            placeholder={PLACEHOLDERS[phase]}
          />
        </div>
        <MarkdownPreview text={draft.text} label="Preview" />
      </div>
      {draft.setAside !== null ? (
        <div className="set-aside">
          <div className="editor-pane">
            <label className="editor-label" htmlFor={setAsideId}>
              Your replaced text
            </label>
            <textarea id={setAsideId} className="editor-text mono" readOnly value={draft.setAside} rows={8} />
          </div>
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
