import type { Task } from "@maestro/domain";
import { useState } from "react";
import { type TaskDraft, draftChanges, toDraft } from "./task-draft";

/**
 * The panel's form state over a live task. `base` is the version the user started from (sent
 * as `version`); newer copies from the server replace the draft only while it has no unsaved
 * edits, otherwise the panel says the task changed elsewhere.
 */
export function useTaskDraft(task: Task) {
  const [base, setBase] = useState(task);
  const [draft, setDraft] = useState(() => toDraft(task));
  const changes = draftChanges(base, draft);
  const isDirty = Object.keys(changes).length > 0;

  if (task.version > base.version && !isDirty) {
    setBase(task);
    setDraft(toDraft(task));
  }

  const adopt = (next: Task) => {
    setBase(next);
    setDraft(toDraft(next));
  };

  return {
    base,
    draft,
    changes,
    isDirty,
    /** Someone else saved a newer version while this draft has edits. */
    isStale: task.version > base.version,
    update: (patch: Partial<TaskDraft>) => setDraft((current) => ({ ...current, ...patch })),
    adopt,
    reload: () => adopt(task),
  };
}
