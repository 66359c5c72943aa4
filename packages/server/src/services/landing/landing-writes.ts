import { findTaskById } from "@maestro/db";
import type { Task, TaskLanding } from "@maestro/domain";
import type { Context } from "../../context";
import { moveTaskForSession } from "../session/session-writes";
import { changeTask } from "../task/task-writes";
import { inTransaction } from "../unit-of-work";

/**
 * Writes part of a task's landing in one transaction (its event follows the commit). A patch
 * that changes nothing writes nothing: a retry that waits for the same reason is not news.
 */
export function writeLanding(ctx: Context, taskId: string, patch: Partial<TaskLanding>): Task | null {
  return inTransaction(ctx, (tx, record) => {
    const task = findTaskById(tx, taskId);
    if (!task) return null;
    const current = task.landing as Record<string, unknown>;
    if (Object.entries(patch).every(([key, value]) => JSON.stringify(current[key]) === JSON.stringify(value))) {
      return task;
    }
    return changeTask(tx, record, task, { landing: { ...task.landing, ...patch } }, ["landing"]);
  });
}

/**
 * The task's work is on the target branch: landed with its commit, and the task done through
 * the same status change as everywhere else (its dependents and parent follow from its event).
 */
export function markLanded(ctx: Context, taskId: string, commit: string): Task | null {
  return inTransaction(ctx, (tx, record) => {
    const task = findTaskById(tx, taskId);
    if (!task) return null;
    changeTask(
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
    moveTaskForSession(tx, record, task.id, "done");
    return findTaskById(tx, taskId) ?? null;
  });
}

/** A short list of files for a note: the first few, and how many more. */
export function fileList(files: readonly string[], shown = 10): string {
  const head = files.slice(0, shown).join(", ");
  return files.length > shown ? `${head} and ${files.length - shown} more` : head;
}
