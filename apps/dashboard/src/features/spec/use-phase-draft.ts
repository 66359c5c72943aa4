import type { DocumentPhase, SpecDetail } from "@maestro/domain";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { describeError } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import {
  type DraftState,
  type StoredDocument,
  followStored,
  loadStored,
  markSaved,
  rebaseOnto,
  startDraft,
} from "./spec-editor-state";
import { useEditSpec, useSyncSpec } from "./use-spec-mutations";

export function storedDocument(spec: SpecDetail, phase: DocumentPhase): StoredDocument {
  const detail = spec.phases.find((entry) => entry.phase === phase);
  return { version: detail?.version ?? 0, text: detail?.text ?? "" };
}

/**
 * The editor's draft of one phase document, its save (with the base version) and the two ways
 * out of a conflict: load the newer version (the user's text is set aside) or keep the text,
 * based on the newer version. Disk edits not yet recorded are synced first, so nothing is lost.
 */
export function usePhaseDraft(spec: SpecDetail, phase: DocumentPhase) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const stored = storedDocument(spec, phase);
  const [draft, setDraft] = useState<DraftState>(() => startDraft(stored));
  const [conflict, setConflict] = useState<string | null>(null);
  const edit = useEditSpec();
  const sync = useSyncSpec();

  useEffect(() => {
    setDraft((current) => followStored(current, { version: stored.version, text: stored.text }));
  }, [stored.version, stored.text]);

  const save = () => {
    const sent = draft.text;
    setConflict(null);
    edit.mutate(
      { id: spec.id, phase, text: sent, baseVersion: draft.baseVersion },
      {
        onSuccess: (saved) => {
          const version = saved.phases.find((entry) => entry.phase === phase)?.version ?? draft.baseVersion;
          setDraft((current) => markSaved(current, { version, text: sent }));
        },
        onError: (error) => {
          if (describeError(error).domainCode === "VERSION_CONFLICT") setConflict(describeError(error).message);
        },
      },
    );
  };

  /** Disk → versions, then the newest stored document. */
  const fetchNewest = async (): Promise<StoredDocument> => {
    await sync.mutateAsync({ id: spec.id }).catch(() => undefined);
    const fresh = await queryClient.fetchQuery({ ...trpc.spec.byId.queryOptions({ id: spec.id }), staleTime: 0 });
    return storedDocument(fresh, phase);
  };

  const resolve = async (how: "load" | "keep") => {
    const newest = await fetchNewest();
    setDraft((current) => (how === "load" ? loadStored(current, newest) : rebaseOnto(current, newest)));
    setConflict(null);
    edit.reset();
  };

  return {
    draft,
    stored,
    conflict,
    setText: (text: string) => setDraft((current) => ({ ...current, text })),
    dismissSetAside: () => setDraft((current) => ({ ...current, setAside: null })),
    save,
    loadNewer: () => void resolve("load"),
    keepMine: () => void resolve("keep"),
    isSaving: edit.isPending,
    isResolving: sync.isPending,
    saveError: conflict ? null : edit.error,
  };
}
