import { EmptyState } from "../../components/empty-state";

/** The empty state of every task view: how to add the first task, here or from a terminal. */
export function NoTasks({ projectKey }: { projectKey: string }) {
  return (
    <EmptyState title="No tasks yet">
      <p>
        Add one with <strong>New task</strong>, or from a terminal:{" "}
        <code>maestro task create "Title" --project {projectKey}</code>
      </p>
    </EmptyState>
  );
}
