import { findSessionById } from "@maestro/db";
import type { Session, StartedInput } from "@maestro/domain";
import { changeSession, moveTaskForSession } from "../session/session-writes";
import { type VerbArgs, inTransaction } from "../unit-of-work";
import { requireLease } from "./lease";

/** The runner's own spawn time, kept between the session's creation and now (clocks can differ). */
function startedAt(session: Session, spawnedAt: number | undefined, now: Date): Date {
  if (spawnedAt === undefined) return now;
  return new Date(Math.min(now.getTime(), Math.max(Date.parse(session.createdAt), spawnedAt)));
}

/** The runner has spawned the agent: the session runs, and so does its (current) task. */
export function markStarted({ ctx, input }: VerbArgs<StartedInput>): Session {
  return inTransaction(ctx, (tx, record) => {
    requireLease(tx, input);
    const session = findSessionById(tx, input.sessionId)!;
    const now = new Date();
    const started = changeSession(tx, record, session, {
      status: "running",
      pid: input.pid,
      cwd: input.cwd,
      worktreePath: input.worktreePath,
      branch: input.branch,
      startedAt: startedAt(session, input.spawnedAt, now).toISOString(),
      lastHeartbeatAt: now.toISOString(),
      ...(input.argv ? { manifest: { argv: input.argv, envNames: input.envNames ?? [] } } : {}),
    });
    moveTaskForSession(tx, record, session.taskIds[session.queueIndex] ?? session.taskIds[0]!, "in_progress");
    return started;
  });
}
