import { findSessionLaunch } from "@maestro/db";
import { DomainError, type Session, type SessionRefInput, canResumeSession } from "@maestro/domain";
import type { VerbArgs } from "../unit-of-work";
import { requireSession } from "./session-access";
import { startSession } from "./start-session";

/** Starts a new attempt on the same tasks with the same agent (a resume keeps the agent's own session id). */
export function resumeSession({ ctx, input }: VerbArgs<SessionRefInput>): Session {
  const previous = requireSession(ctx.database.db, input.id);
  if (!canResumeSession(previous.status)) {
    throw new DomainError(
      "INVALID_TRANSITION",
      `session ${previous.id} is ${previous.status}; only an interrupted, failed, cancelled or timed-out session can be resumed`,
    );
  }
  const launch = findSessionLaunch(ctx.database.db, previous.id)!;
  return startSession({
    ctx,
    input: {
      taskIds: previous.taskIds.slice(previous.queueIndex),
      agent: previous.agent,
      role: previous.role,
      worktree: launch.useWorktree,
      queue: launch.isQueue,
      parentSessionId: previous.parentSessionId ?? undefined,
    },
  });
}
