import { type CreateTaskInput, type Project, TASK_PRIORITIES } from "@maestro/domain";
import { useState } from "react";
import { CreateDialog } from "../../components/form-dialog";
import { SelectField } from "../../components/select-field";
import { TextField } from "../../components/text-field";
import { fieldBinder } from "../../lib/field-binder";
import type { TaskIndex } from "./task-index";
import { PRIORITY_LABELS } from "./task-labels";
import { DependencyPicker, ParentSelect } from "./task-pickers";
import { useCreateTask } from "./use-task-mutations";

const NOTHING = new Set<string>();

type NewTask = Required<Pick<CreateTaskInput, "title" | "description" | "priority" | "parentId" | "dependsOn">>;

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
  const [form, setForm] = useState<NewTask>({
    title: "",
    description: "",
    priority: "medium",
    parentId: initialParent,
    dependsOn: [],
  });
  const bind = fieldBinder(form, (patch) => setForm((current) => ({ ...current, ...patch })));

  const submit = () => createTask.mutate({ projectId: project.id, ...form }, { onSuccess: onClose });

  return (
    <CreateDialog thing="task" isWide request={createTask} onSubmit={submit} onClose={onClose}>
      <TextField label="Title" {...bind("title")} isInitialFocus isRequired />
      <TextField label="Description" rows={4} {...bind("description")} />
      <div className="form-row">
        <SelectField label="Priority" values={TASK_PRIORITIES} labels={PRIORITY_LABELS} {...bind("priority")} />
        <ParentSelect projectId={project.id} index={index} excludeIds={NOTHING} {...bind("parentId")} />
      </div>
      <DependencyPicker
        projectId={project.id}
        label="Depends on"
        index={index}
        excludeIds={NOTHING}
        {...bind("dependsOn")}
      />
    </CreateDialog>
  );
}
