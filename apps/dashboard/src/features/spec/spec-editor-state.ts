/*
 * The phase editor's draft against the stored document. A draft always remembers the version
 * it was based on (sent as baseVersion on save); a newer stored version replaces an unedited
 * draft, but never an edited one: the user chooses, and the text they replace is kept aside.
 */

export interface StoredDocument {
  /** 0 while the phase has no document. */
  version: number;
  text: string;
}

export interface DraftState {
  text: string;
  baseVersion: number;
  baseText: string;
  /** The user's own text after they loaded a newer version over it (nothing is silently lost). */
  setAside: string | null;
}

export function startDraft(stored: StoredDocument): DraftState {
  return { text: stored.text, baseVersion: stored.version, baseText: stored.text, setAside: null };
}

export function isDirty(draft: DraftState): boolean {
  return draft.text !== draft.baseText;
}

/** The stored version moved on: follow it when the draft is unedited, else keep the draft. */
export function followStored(draft: DraftState, stored: StoredDocument): DraftState {
  // Versions only grow: an older copy (a refetch still in flight) never replaces the draft.
  if (stored.version <= draft.baseVersion) return draft;
  if (isDirty(draft)) return draft;
  return { ...startDraft(stored), setAside: draft.setAside };
}

/** A newer stored version the draft is not based on, or null. */
export function newerVersion(draft: DraftState, stored: StoredDocument): number | null {
  return stored.version > draft.baseVersion && isDirty(draft) ? stored.version : null;
}

/** The user loads the newer version; their edited text is set aside, not dropped. */
export function loadStored(draft: DraftState, stored: StoredDocument): DraftState {
  return { ...startDraft(stored), setAside: isDirty(draft) ? draft.text : draft.setAside };
}

/** After a save: the saved text is the new base. */
export function markSaved(draft: DraftState, saved: StoredDocument): DraftState {
  return { ...draft, baseVersion: saved.version, baseText: saved.text };
}

/**
 * The user keeps their text over a newer version: it is based on that version now and saves as
 * the next one (the other edit stays in the history).
 */
export function rebaseOnto(draft: DraftState, stored: StoredDocument): DraftState {
  return { ...draft, baseVersion: stored.version, baseText: stored.text };
}
