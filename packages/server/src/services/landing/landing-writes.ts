import { type DbClient, type TaskPatch, findTaskById, listSessions } from "@maestro/db";
import { DomainError, type Session, type Task, type TaskLanding } from "@maestro/domain";
import { changeTask } from "../task/task-writes";
import type { RecordEvent } from "../unit-of-work";

/** Writes part of a task's landing (over what is stored now), with any other task fields. */
export function changeLanding(
  tx: DbClient,
  record: RecordEvent,
  taskId: string,
  change: { landing: Partial<TaskLanding>; task?: TaskPatch },
): Task {
  const task = findTaskById(tx, taskId)!;
  const extra = change.task ?? {};
  return changeTask(tx, record, task, { ...extra, landing: { ...task.landing, ...change.landing } }, [
    ...Object.keys(extra),
    "landing",
  ]);
}

/** The task's branch, or a refusal naming the task (its work starts in a worktree). */
export function requireBranch(task: Task): string {
  if (task.landing.branch) return task.landing.branch;
  throw new DomainError(
    "INVALID_TRANSITION",
    `${task.key} has no branch: only a task worked in a worktree (project setting worktreeMode per_task) has one`,
    { field: "id" },
  );
}

/** The task's latest session on its branch: the one a follow-up continues. */
export function requireBranchSession(tx: DbClient, task: Task): Session {
  const branch = requireBranch(task);
  const [last] = listSessions(tx, { taskId: task.id, limit: 20 }).filter((session) => session.branch === branch);
  if (last) return last;
  throw new DomainError("NOT_FOUND", `${task.key} has no session on its branch ${branch} to continue`, {
    field: "id",
  });
}
