import type { Task } from "@maestro/domain";
import { ConfirmDialog } from "../../../components/confirm-dialog";
import { useDeleteTask } from "../use-task-mutations";

interface DeleteTaskDialogProps {
  task: Task;
  subtaskCount: number;
  onDeleted: () => void;
  onClose: () => void;
}

/** Dialog "Delete <KEY>?": "Delete task", or "Delete with N subtasks" (cascade) when it has any. */
export function DeleteTaskDialog({ task, subtaskCount, onDeleted, onClose }: DeleteTaskDialogProps) {
  const deleteTask = useDeleteTask();
  const cascade = subtaskCount > 0;
  const confirm = () => deleteTask.mutate({ id: task.id, cascade }, { onSuccess: onDeleted });
  return (
    <ConfirmDialog
      title={`Delete ${task.key}?`}
      confirmLabel={cascade ? `Delete with ${subtaskCount} subtask${subtaskCount === 1 ? "" : "s"}` : "Delete task"}
      request={deleteTask}
      onConfirm={confirm}
      onClose={onClose}
    >
      <p>
        <strong>
          {task.key} · {task.title}
        </strong>{" "}
        will be deleted. Tasks that depend on it lose that dependency.
      </p>
      {cascade ? (
        <p>
          It has {subtaskCount} subtask{subtaskCount === 1 ? "" : "s"} (counting nested ones); they are deleted with it.
        </p>
      ) : null}
    </ConfirmDialog>
  );
}
