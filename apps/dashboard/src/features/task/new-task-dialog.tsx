import type { Project, TaskPriority } from "@maestro/domain";
import { type FormEvent, useState } from "react";
import { Field } from "../../components/field";
import { ErrorAlert } from "../../components/error-alert";
import { ModalDialog } from "../../components/modal-dialog";
import { describeError } from "../../lib/errors";
import { PrioritySelect } from "./priority-select";
import type { TaskIndex } from "./task-index";
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
    <ModalDialog title="New task" onClose={onClose} className="modal--wide">
      <form className="form" onSubmit={submit} noValidate>
        <Field label="Title" isInvalid={invalidField === "title"}>
          {(props) => (
            <input
              {...props}
              data-autofocus
              value={title}
              onChange={(e) => setTitle(e.target.value)}
              aria-required="true"
            />
          )}
        </Field>
        <Field label="Description">
          {(props) => (
            <textarea {...props} rows={4} value={description} onChange={(e) => setDescription(e.target.value)} />
          )}
        </Field>
        <div className="form-row">
          <PrioritySelect value={priority} onChange={setPriority} />
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
        <div className="modal-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={createTask.isPending}>
            {createTask.isPending ? "Creating…" : "Create task"}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
