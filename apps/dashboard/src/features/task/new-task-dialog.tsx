import { type Project, TASK_PRIORITIES, type TaskPriority } from "@maestro/domain";
import { type FormEvent, useState } from "react";
import { ErrorAlert } from "../../components/error-alert";
import { FormActions } from "../../components/form-actions";
import { ModalDialog } from "../../components/modal-dialog";
import { SelectField } from "../../components/select-field";
import { TextAreaField, TextField } from "../../components/text-field";
import { describeError } from "../../lib/errors";
import type { TaskIndex } from "./task-index";
import { PRIORITY_LABELS } from "./task-labels";
import { DependencyPicker, ParentSelect } from "./task-pickers";
import { useCreateTask } from "./use-task-mutations";

const NOTHING = new Set<string>();

interface NewTaskDialogProps {
  project: Project;
  index: TaskIndex;
  /** Pre-selects the parent ("Add subtask" from a task panel). */
  parentId?: string | null;
  onClose: () => void;
}

/** Dialog "New task": Title, Description, Priority, Parent, Depends on; buttons "Create task", "Cancel". */
export function NewTaskDialog({ project, index, parentId: initialParent = null, onClose }: NewTaskDialogProps) {
  const createTask = useCreateTask();
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const [priority, setPriority] = useState<TaskPriority>("medium");
  const [parentId, setParentId] = useState<string | null>(initialParent);
  const [dependsOn, setDependsOn] = useState<string[]>([]);
  const invalidField = createTask.error ? describeError(createTask.error).field : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    createTask.mutate(
      { projectId: project.id, title, description, priority, parentId, dependsOn },
      { onSuccess: onClose },
    );
  };

  return (
    <ModalDialog title="New task" onClose={onClose} isWide>
      <form className="form" onSubmit={submit} noValidate>
        <TextField
          label="Title"
          isInvalid={invalidField === "title"}
          value={title}
          onChange={setTitle}
          data-autofocus
          aria-required="true"
        />
        <TextAreaField label="Description" rows={4} value={description} onChange={setDescription} />
        <div className="form-row">
          <SelectField
            label="Priority"
            value={priority}
            values={TASK_PRIORITIES}
            labels={PRIORITY_LABELS}
            onChange={setPriority}
          />
          <ParentSelect index={index} value={parentId} excludeIds={NOTHING} onChange={setParentId} />
        </div>
        <DependencyPicker
          label="Depends on"
          index={index}
          value={dependsOn}
          excludeIds={NOTHING}
          onChange={setDependsOn}
        />
        <ErrorAlert error={createTask.error} />
        <FormActions
          submitLabel="Create task"
          pendingLabel="Creating…"
          isPending={createTask.isPending}
          onCancel={onClose}
        />
      </form>
    </ModalDialog>
  );
}
