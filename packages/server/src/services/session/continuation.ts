import { type Db, listSessions } from "@maestro/db";
import { type Session, type Task, currentTaskIdOf, resumeReason } from "@maestro/domain";

/** What a new session takes over from the earlier one it continues (see insertSession). */
export type Continuation = Pick<Session, "agentSessionId" | "worktreePath" | "branch" | "followUp"> & {
  id: string;
  reason: string;
};

/**
 * The earlier session a new one continues: `explicit` (a resume), or else the task's last
 * session when it was interrupted — it lost its process, not its work — and ran the same agent
 * in the same kind of directory. Null: the new session starts anew.
 */
export async function continuationFor(
  tx: Db,
  next: { task: Task; agent: string; useWorktree: boolean },
  explicit?: Session,
): Promise<Continuation | null> {
  const previous = explicit ?? (await lastInterrupted(tx, next.task));
  if (!previous || previous.agent !== next.agent) return null;
  // The conversation belongs to a directory: a worktree session continues only in its worktree.
  if ((previous.worktreePath !== null) !== next.useWorktree) return null;
  return {
    id: previous.id,
    reason: resumeReason(previous),
    agentSessionId: previous.agentSessionId,
    worktreePath: previous.worktreePath,
    branch: previous.branch,
    // A follow-up that was cut short still has to be done.
    followUp: previous.followUp,
  };
}

async function lastInterrupted(tx: Db, task: Task): Promise<Session | undefined> {
  const [last] = await listSessions(tx, { taskId: task.id, limit: 1 });
  const current = last ? currentTaskIdOf(last) : undefined;
  return last?.status === "interrupted" && current === task.id ? last : undefined;
}
