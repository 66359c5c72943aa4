import { type Db, type TaskPatch, findTaskById, listSessions } from "@maestro/db";
import { DomainError, type Session, type Task, type TaskLanding } from "@maestro/domain";
import type { Context } from "../../context";
import { moveTaskForSession } from "../session/session-writes";
import { changeTask } from "../task/task-writes";
import { type RecordEvent, inTransaction } from "../unit-of-work";

/** Writes part of a task's landing (over what is stored now), with any other task fields. */
export async function changeLanding(
  tx: Db,
  record: RecordEvent,
  taskId: string,
  change: { landing: Partial<TaskLanding>; task?: TaskPatch },
): Promise<Task> {
  const task = (await findTaskById(tx, taskId))!;
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
export async function requireBranchSession(tx: Db, task: Task): Promise<Session> {
  const branch = requireBranch(task);
  const [last] = (await listSessions(tx, { taskId: task.id, limit: 20 })).filter(
    (session) => session.branch === branch,
  );
  if (last) return last;
  throw new DomainError("NOT_FOUND", `${task.key} has no session on its branch ${branch} to continue`, {
    field: "id",
  });
}

/**
 * Writes part of a task's landing in one transaction (its event follows the commit). A patch
 * that changes nothing writes nothing: a retry that waits for the same reason is not news.
 */
export async function writeLanding(ctx: Context, taskId: string, patch: Partial<TaskLanding>): Promise<Task | null> {
  return await inTransaction(ctx, async (tx, record) => {
    const task = await findTaskById(tx, taskId);
    if (!task) return null;
    const current = task.landing as Record<string, unknown>;
    if (Object.entries(patch).every(([key, value]) => JSON.stringify(current[key]) === JSON.stringify(value))) {
      return task;
    }
    return await changeTask(tx, record, task, { landing: { ...task.landing, ...patch } }, ["landing"]);
  });
}

/**
 * Records the commit a landing is about to move the target to (crash recovery reads it), with
 * `fence` checked first in the same transaction. Answers false, writing nothing, when the fence
 * refuses (the project's lease lost): the ref must not move then.
 */
export async function recordLandingIntent(
  ctx: Context,
  intent: { taskId: string; commit: string; head: string; fence?: ((tx: Db) => Promise<boolean>) | undefined },
): Promise<boolean> {
  return await inTransaction(ctx, async (tx, record) => {
    if (intent.fence && !(await intent.fence(tx))) return false;
    const task = await findTaskById(tx, intent.taskId);
    if (!task) return true;
    const { commit: landingCommit, head: headCommit } = intent;
    await changeTask(
      tx,
      record,
      task,
      { landing: { ...task.landing, landState: "landing", landingCommit, headCommit } },
      ["landing"],
    );
    return true;
  });
}

/**
 * The task's work is on the target branch: landed with its commit, and the task done through
 * the same status change as everywhere else (its dependents and parent follow from its event).
 */
export async function markLanded(ctx: Context, taskId: string, commit: string): Promise<Task | null> {
  return await inTransaction(ctx, async (tx, record) => {
    const task = await findTaskById(tx, taskId);
    if (!task) return null;
    await changeTask(
      tx,
      record,
      task,
      {
        landing: {
          ...task.landing,
          landState: "landed",
          landedCommit: commit,
          landedAt: new Date().toISOString(),
          landingCommit: null,
          note: null,
          conflictFiles: [],
        },
      },
      ["landing"],
    );
    await moveTaskForSession(tx, record, task.id, "done");
    return (await findTaskById(tx, taskId)) ?? null;
  });
}
