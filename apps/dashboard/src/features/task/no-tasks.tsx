import { EmptyState } from "../../components/empty-state";
import { useCan } from "../auth/use-me";

/** The empty state of every task view: how to add the first task (for who may), here or from a terminal. */
export function NoTasks({ projectKey }: { projectKey: string }) {
  const canCreate = useCan("task.create");
  return (
    <EmptyState title="No tasks yet">
      {canCreate ? (
        <p>
          Add one with <strong>New task</strong>, or from a terminal:{" "}
          <code>maestro task create "Title" --project {projectKey}</code>
        </p>
      ) : null}
    </EmptyState>
  );
}
