import { findSessionLaunch } from "@maestro/db";
import { DomainError, type Session, type SessionRefInput, StartSessionInput, canResumeSession } from "@maestro/domain";
import { type VerbArgs, inTransaction } from "../unit-of-work";
import { requireSession } from "./session-access";
import { queueSession } from "./start-session";

/**
 * A new attempt on the tasks the session had left, with the same agent, in the same working
 * directory; an agent that can resume continues its own conversation (see continuation.ts).
 */
export async function resumeSession({ ctx, input }: VerbArgs<SessionRefInput>): Promise<Session> {
  const previous = await requireSession(ctx.database.db, input.id);
  if (!canResumeSession(previous.status)) {
    throw new DomainError(
      "INVALID_TRANSITION",
      `session ${previous.id} is ${previous.status}; only an interrupted, failed, cancelled or timed-out session can be resumed`,
    );
  }
  // Deleting a task drops it from its sessions: one can end up with nothing left to work on.
  const taskIds = previous.taskIds.slice(previous.queueIndex);
  if (taskIds.length === 0) {
    throw new DomainError("INVALID_TRANSITION", `session ${previous.id} has no task left to resume (deleted)`, {
      field: "id",
    });
  }
  const launch = (await findSessionLaunch(ctx.database.db, previous.id))!;
  const next = StartSessionInput.parse({
    taskIds,
    agent: previous.agent,
    role: previous.role,
    worktree: launch.useWorktree,
    queue: launch.isQueue,
    parentSessionId: previous.parentSessionId ?? undefined,
  });
  return await inTransaction(ctx, (tx, record) => queueSession({ ctx, tx, record, input: next, resumes: previous }));
}
