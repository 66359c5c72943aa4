import type { Task } from "@maestro/domain";
import { type TaskIndex, blockersOf } from "./task-index";

/** Small facts on a card or row: subtasks, parent, and what the task waits for. */
export function TaskHints({ task, index }: { task: Task; index: TaskIndex }) {
  const children = index.children.get(task.id) ?? [];
  const doneChildren = children.filter((child) => child.status === "done").length;
  const parent = task.parentId ? index.byId.get(task.parentId) : undefined;
  const blockers = blockersOf(task, index);
  const isReady = index.readyIds.has(task.id);
  return (
    <>
      {isReady ? <span className="hint hint--ok">Ready</span> : null}
      {task.status === "todo" && blockers.length > 0 ? (
        <span className="hint hint--warn">Blocked by {blockers.map((blocker) => blocker.key).join(", ")}</span>
      ) : null}
      {task.status !== "todo" && task.dependsOn.length > 0 ? (
        <span className="hint">Depends on {task.dependsOn.map((id) => index.byId.get(id)?.key ?? "?").join(", ")}</span>
      ) : null}
      {children.length > 0 ? (
        <span className="hint">
          {doneChildren}/{children.length} subtasks done
        </span>
      ) : null}
      {parent ? <span className="hint">Subtask of {parent.key}</span> : null}
    </>
  );
}
