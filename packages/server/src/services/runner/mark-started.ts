import { type Db, findSessionById, findTaskById } from "@maestro/db";
import { NO_LANDING, type Session, type StartedInput, type TaskLanding, currentTaskIdOf } from "@maestro/domain";
import { changeSession, moveTaskForSession } from "../session/session-writes";
import { changeTask } from "../task/task-writes";
import { type RecordEvent, type VerbArgs, inTransaction } from "../unit-of-work";
import { requireLease } from "./lease";

/** The runner's own spawn time, kept between the session's creation and now (clocks can differ). */
function startedAt(session: Session, spawnedAt: number | undefined, now: Date): Date {
  if (spawnedAt === undefined) return now;
  return new Date(Math.min(now.getTime(), Math.max(Date.parse(session.createdAt), spawnedAt)));
}

/** The runner has spawned the agent: the session runs, and so does its (current) task. */
export async function markStarted({ ctx, input }: VerbArgs<StartedInput>): Promise<Session> {
  return await inTransaction(ctx, async (tx, record) => {
    await requireLease(tx, input);
    const session = (await findSessionById(tx, input.sessionId))!;
    const now = new Date();
    const started = await changeSession(tx, record, session, {
      status: "running",
      pid: input.pid,
      cwd: input.cwd,
      worktreePath: input.worktreePath,
      branch: input.branch,
      startedAt: startedAt(session, input.spawnedAt, now).toISOString(),
      lastHeartbeatAt: now.toISOString(),
      ...(input.argv ? { manifest: { argv: input.argv, envNames: input.envNames ?? [] } } : {}),
    });
    const taskId = currentTaskIdOf(session)!;
    await moveTaskForSession(tx, record, taskId, "in_progress");
    if (input.branch) {
      await recordBranch(tx, record, { taskId, branch: input.branch, baseCommit: input.baseCommit ?? null });
    }
    return started;
  });
}

/**
 * The task's landing follows the branch its session works on: a new branch is a new attempt at
 * landing (nothing of the last one's checks, review or landing applies to it); the same branch,
 * continued, keeps all of it.
 */
async function recordBranch(
  tx: Db,
  record: RecordEvent,
  { taskId, branch, baseCommit }: { taskId: string; branch: string; baseCommit: string | null },
): Promise<void> {
  const task = await findTaskById(tx, taskId);
  if (!task) return;
  const { landing } = task;
  let next: TaskLanding | null = null;
  if (landing.branch !== branch) next = { ...NO_LANDING, branch, baseCommit };
  else if (baseCommit && !landing.baseCommit) next = { ...landing, baseCommit };
  if (next) await changeTask(tx, record, task, { landing: next }, ["landing"]);
}
