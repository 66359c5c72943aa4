import type { Db } from "@maestro/db";
import { type Session, StartSessionInput, type Task } from "@maestro/domain";
import type { Context } from "../../context";
import type { Continuation } from "../session/continuation";
import { moveTaskForSession } from "../session/session-writes";
import { queueSession } from "../session/start-session";
import type { RecordEvent } from "../unit-of-work";

export interface FollowUpArgs {
  ctx: Context;
  tx: Db;
  record: RecordEvent;
  task: Task;
  /** The session it continues: its worktree and branch, and its conversation when the agent is the same. */
  previous: Session;
  /** Another agent than the previous session's (it starts its own conversation, in the same worktree). */
  agent?: string | undefined;
  /** Why it continues, for the timeline ("its checks failed"). */
  reason: string;
  /** What the agent must do now; sent with its prompt, or alone when it resumes its conversation. */
  text: string;
}

/**
 * Queues a session that goes on with the task's work on the same branch in the same worktree
 * (re-added from the branch if the folder is gone), and puts the task back in progress.
 */
export async function queueFollowUp({
  ctx,
  tx,
  record,
  task,
  previous,
  agent,
  reason,
  text,
}: FollowUpArgs): Promise<Session> {
  const name = agent ?? previous.agent;
  const input = StartSessionInput.parse({ taskIds: [task.id], agent: name, role: previous.role, worktree: true });
  const continues: Continuation = {
    id: previous.id,
    reason,
    agentSessionId: name === previous.agent ? previous.agentSessionId : null,
    worktreePath: previous.worktreePath,
    branch: previous.branch,
    followUp: text,
  };
  const session = await queueSession({ ctx, tx, record, input, continues });
  await moveTaskForSession(tx, record, task.id, "in_progress");
  return session;
}
