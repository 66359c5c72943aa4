import type { Task } from "@maestro/domain";
import { type FormEvent, useState } from "react";
import { ErrorAlert } from "../../../components/error-alert";
import { Field } from "../../../components/field";
import { describeError } from "../../../lib/errors";
import { PrioritySelect, StatusField } from "../priority-select";
import { type TaskIndex, descendantIds } from "../task-index";
import { DependencyPicker, ParentSelect } from "../task-pickers";
import { useUpdateTask } from "../use-task-mutations";
import { CriteriaEditor } from "./criteria-editor";
import { useTaskDraft } from "./use-task-draft";

/** The panel's form; "Save task" sends only the changed fields with the version they were based on. */
export function TaskEditor({ task, index }: { task: Task; index: TaskIndex }) {
  const { base, draft, changes, isDirty, isStale, update, adopt, reload } = useTaskDraft(task);
  const updateTask = useUpdateTask();
  const [savedVersion, setSavedVersion] = useState<number | null>(null);
  const invalidField = updateTask.error ? describeError(updateTask.error).field : null;
  const self = new Set([task.id]);
  const notParent = new Set([task.id, ...descendantIds(index, task.id)]);

  const save = (event: FormEvent) => {
    event.preventDefault();
    if (updateTask.isPending) return;
    setSavedVersion(null);
    updateTask.mutate(
      { id: base.id, version: base.version, ...changes },
      {
        onSuccess: (saved) => {
          adopt(saved);
          setSavedVersion(saved.version);
        },
      },
    );
  };
  const discard = () => {
    updateTask.reset();
    reload();
  };

  return (
    <form className="form task-editor" onSubmit={save} noValidate>
      {isStale ? (
        <div className="notice" role="status">
          <span>{task.key} was changed elsewhere while you were editing.</span>
          <button type="button" className="button button--small" onClick={discard}>
            Reload task
          </button>
        </div>
      ) : null}
      <Field label="Title" isInvalid={invalidField === "title"}>
        {(props) => <input {...props} value={draft.title} onChange={(e) => update({ title: e.target.value })} />}
      </Field>
      <Field label="Description">
        {(props) => (
          <textarea
            {...props}
            rows={4}
            value={draft.description}
            onChange={(e) => update({ description: e.target.value })}
          />
        )}
      </Field>
      <CriteriaEditor
        value={draft.acceptanceCriteria}
        onChange={(acceptanceCriteria) => update({ acceptanceCriteria })}
      />
      <div className="form-row">
        <StatusField value={draft.status} onChange={(status) => update({ status })} />
        <PrioritySelect value={draft.priority} onChange={(priority) => update({ priority })} />
      </div>
      <ParentSelect
        index={index}
        value={draft.parentId}
        excludeIds={notParent}
        onChange={(parentId) => update({ parentId })}
      />
      <fieldset className="dependencies">
        <legend>Dependencies</legend>
        {draft.dependsOn.length === 0 ? <p className="muted">Depends on nothing.</p> : null}
        <DependencyPicker
          label="Add dependency"
          index={index}
          value={draft.dependsOn}
          excludeIds={self}
          onChange={(dependsOn) => update({ dependsOn })}
        />
      </fieldset>
      <ErrorAlert error={updateTask.error} onDismiss={updateTask.reset} />
      <div className="form-actions">
        {/* Not disabled while saving: a disabled button would drop keyboard focus. */}
        <button type="submit" className="button button--primary" aria-busy={updateTask.isPending}>
          Save task
        </button>
        {isDirty ? (
          <button type="button" className="button button--ghost" onClick={discard}>
            Discard changes
          </button>
        ) : null}
        <span className="muted" role="status">
          {updateTask.isPending
            ? "Saving…"
            : savedVersion !== null && !isDirty
              ? "Saved"
              : isDirty
                ? "Unsaved changes"
                : ""}
        </span>
      </div>
    </form>
  );
}
