import { TASK_PRIORITIES, TASK_STATUSES, type Task } from "@maestro/domain";
import { type FormEvent, useState } from "react";
import { ErrorAlert } from "../../../components/error-alert";
import { InvalidFieldContext } from "../../../components/invalid-field";
import { SelectField } from "../../../components/select-field";
import { TextField } from "../../../components/text-field";
import { describeError } from "../../../lib/errors";
import { fieldBinder } from "../../../lib/field-binder";
import { type TaskIndex, descendantIds } from "../task-index";
import { PRIORITY_LABELS, STATUS_LABELS } from "../task-labels";
import { DependencyPicker, ParentSelect } from "../task-pickers";
import { useUpdateTask } from "../use-task-mutations";
import { CriteriaEditor } from "./criteria-editor";
import { useTaskDraft } from "./use-task-draft";

/** The panel's form; "Save task" sends only the changed fields with the version they were based on. */
export function TaskEditor({ task, index }: { task: Task; index: TaskIndex }) {
  const { base, draft, changes, isDirty, isStale, update, adopt, reload } = useTaskDraft(task);
  const updateTask = useUpdateTask();
  const [savedVersion, setSavedVersion] = useState<number | null>(null);
  const bind = fieldBinder(draft, update);
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
    <InvalidFieldContext value={describeError(updateTask.error).field}>
      <form className="form" onSubmit={save} noValidate>
        {isStale ? (
          <div className="notice" role="status">
            <span>{task.key} was changed elsewhere while you were editing.</span>
            <button type="button" className="button button--small" onClick={discard}>
              Reload task
            </button>
          </div>
        ) : null}
        <TextField label="Title" {...bind("title")} />
        <TextField label="Description" rows={4} {...bind("description")} />
        <CriteriaEditor
          value={draft.acceptanceCriteria}
          onChange={(acceptanceCriteria) => update({ acceptanceCriteria })}
        />
        <div className="form-row">
          <SelectField label="Status" values={TASK_STATUSES} labels={STATUS_LABELS} {...bind("status")} />
          <SelectField label="Priority" values={TASK_PRIORITIES} labels={PRIORITY_LABELS} {...bind("priority")} />
        </div>
        <ParentSelect projectId={task.projectId} index={index} excludeIds={notParent} {...bind("parentId")} />
        <fieldset>
          <legend>Dependencies</legend>
          {draft.dependsOn.length === 0 ? <p className="muted">Depends on nothing.</p> : null}
          <DependencyPicker
            projectId={task.projectId}
            label="Add dependency"
            index={index}
            excludeIds={self}
            {...bind("dependsOn")}
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
    </InvalidFieldContext>
  );
}
