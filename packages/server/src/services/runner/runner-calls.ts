import { randomBytes } from "node:crypto";
import {
  type SessionRow,
  appendLogChunks,
  findAgent,
  findAutopilot,
  findProjectById,
  findSessionById,
  findSessionRow,
  findTaskById,
  nextQueuedSessionRow,
  pauseAgent,
  touchSessionHeartbeat,
  updateSession,
  type DbClient,
} from "@maestro/db";
import {
  type AgentEvent,
  type AgentProfile,
  DomainError,
  type LogChunk,
  type LogStream,
  type Session,
  isSessionLive,
  notFound,
} from "@maestro/domain";
import { type Context, hashToken } from "../../context";
import { scheduleProject } from "../autopilot/scheduler";
import { type RecordEvent, type VerbArgs, inSavepoint, inTransaction } from "../unit-of-work";
import { changeSession, moveTaskForSession } from "../session/session-writes";
import { settleSession } from "./settle-session";

export interface Claim {
  session: Session;
  lease: number;
  /** The session's own token, minted now and never stored: it goes only into the agent's env. */
  token: string;
  profile: AgentProfile;
  rootDir: string;
  /** The first task's shell command (for the shell adapter) and key (for branch names). */
  command: string | null;
  taskKey: string;
  useWorktree: boolean;
  serverUrl: string;
}

/** Takes the oldest queued session for this runner, or returns null when there is none. */
export function claimSession({ ctx, input }: VerbArgs<{ runnerId: string }>): Claim | null {
  // Calls that find the queue empty (a runner about to wait for work) are answered by a
  // plain read, without taking the write lock.
  if (!nextQueuedSessionRow(ctx.database.db)) return null;
  const token = randomBytes(32).toString("hex");
  return inTransaction(ctx, (tx, record) => {
    const row = nextQueuedSessionRow(tx);
    if (!row) return null;
    const session = findSessionById(tx, row.id)!;
    const lease = row.lease + 1;
    // The lease starts now: a session that waited long in the queue is not already "silent".
    const claimed = changeSession(tx, record, session, {
      status: "starting",
      runnerId: input.runnerId,
      lease,
      tokenHash: hashToken(token),
      lastHeartbeatAt: new Date(),
    });
    const task = findTaskById(tx, session.taskIds[0]!)!;
    const profile = findAgent(tx, session.agent);
    const project = findProjectById(tx, session.projectId);
    if (!profile || !project) {
      settleSession(tx, record, claimed, {
        exitCode: null,
        error: `agent ${session.agent} or its project no longer exists`,
      });
      return null;
    }
    return {
      session: claimed,
      lease,
      token,
      profile,
      rootDir: project.rootDir,
      command: task.command,
      taskKey: task.key,
      useWorktree: row.useWorktree,
      serverUrl: ctx.serverUrl,
    };
  });
}

/** The lease is the fencing token: calls from an older claim of the same session are refused. */
export function requireLease(row: SessionRow | undefined, sessionId: string, lease: number): SessionRow {
  if (!row) throw notFound("session", sessionId);
  if (row.lease !== lease || !isSessionLive(row.status)) {
    throw new DomainError(
      "VERSION_CONFLICT",
      `session ${sessionId} is not held by this lease (lease ${lease}, status ${row.status})`,
    );
  }
  return row;
}

export interface StartedInput {
  sessionId: string;
  lease: number;
  pid: number;
  cwd: string;
  worktreePath: string | null;
  branch: string | null;
  /** What was launched, for the session's manifest: argv and environment variable names. */
  argv?: string[];
  envNames?: string[];
  /** When the runner saw the process start (epoch ms); the session's startedAt, kept within sense. */
  spawnedAt?: number;
}

/** The runner's own spawn time, kept between the session's creation and now (clocks can differ). */
function startedAt(session: Session, spawnedAt: number | undefined, now: Date): Date {
  if (spawnedAt === undefined) return now;
  return new Date(Math.min(now.getTime(), Math.max(Date.parse(session.createdAt), spawnedAt)));
}

export function markStarted({ ctx, input }: VerbArgs<StartedInput>): Session {
  return inTransaction(ctx, (tx, record) => {
    requireLease(findSessionRow(tx, input.sessionId), input.sessionId, input.lease);
    const session = findSessionById(tx, input.sessionId)!;
    const now = new Date();
    const started = changeSession(tx, record, session, {
      status: "running",
      pid: input.pid,
      cwd: input.cwd,
      worktreePath: input.worktreePath,
      branch: input.branch,
      startedAt: startedAt(session, input.spawnedAt, now),
      lastHeartbeatAt: now,
      ...(input.argv ? { manifest: { argv: input.argv, envNames: input.envNames ?? [] } } : {}),
    });
    moveTaskForSession(tx, record, session.taskIds[session.queueIndex] ?? session.taskIds[0]!, "in_progress");
    return started;
  });
}

export interface LogInput {
  sessionId: string;
  lease: number;
  chunks: Array<{ stream: LogStream; text: string }>;
  /** What the runner parsed from structured output in this batch. */
  events?: AgentEvent[];
}

/**
 * Stores one batch of output (and its parsed events) in one transaction and fans it out once.
 * Usage adds up into the session's cost and tokens; other events go to the activity log.
 */
export function appendLog({ ctx, input }: VerbArgs<LogInput>): { lastSeq: number } {
  const chunks: LogChunk[] = inTransaction(ctx, (tx, record) => {
    const row = requireLease(findSessionRow(tx, input.sessionId), input.sessionId, input.lease);
    const stored = appendLogChunks(tx, input.sessionId, input.chunks);
    const usage = (input.events ?? []).filter((event) => event.type === "usage");
    if (usage.length > 0) {
      updateSession(tx, row.id, {
        costUsd: row.costUsd + usage.reduce((sum, event) => sum + (event.costUsd ?? 0), 0),
        tokensIn: row.tokensIn + usage.reduce((sum, event) => sum + event.tokensIn, 0),
        tokensOut: row.tokensOut + usage.reduce((sum, event) => sum + event.tokensOut, 0),
        agentSessionId: usage.findLast((event) => event.agentSessionId)?.agentSessionId ?? row.agentSessionId,
      });
    }
    for (const event of input.events ?? []) {
      if (event.type === "usage") continue;
      record({
        kind: "session.output",
        entity: "session",
        entityId: row.id,
        projectId: row.projectId,
        payload: { event },
      });
      if (event.type === "usage_limit") pauseForUsageLimit(tx, record, row.id, event.resetAt);
    }
    return stored;
  });
  ctx.logs.publish(input.sessionId, chunks);
  return { lastSeq: chunks.at(-1)?.seq ?? 0 };
}

/** How long a profile pauses after a usage limit that names no reset time. */
export const USAGE_LIMIT_BACKOFF_MS = 15 * 60_000;

/**
 * A usage limit pauses the session's agent profile until the reset time (or a back-off) and
 * stops the session, which then waits (`waiting`) and is queued again when the pause ends.
 */
function pauseForUsageLimit(tx: DbClient, record: RecordEvent, sessionId: string, resetAt: string | null): void {
  const session = findSessionById(tx, sessionId)!;
  const reset = resetAt ? Date.parse(resetAt) : Number.NaN;
  const until = new Date(Number.isFinite(reset) && reset > Date.now() ? reset : Date.now() + USAGE_LIMIT_BACKOFF_MS);
  pauseAgent(tx, { agent: session.agent, until, reason: `usage limit hit by session ${session.id}` });
  if (!findSessionRow(tx, sessionId)!.stopRequested) {
    changeSession(tx, record, session, { stopRequested: true, stopReason: "usage_limit" });
  }
}

export interface HeartbeatInput {
  runnerId: string;
  sessions: Array<{ sessionId: string; lease: number }>;
}

/** Keeps leases alive; answers which of them must stop (asked to, or no longer held). */
export function heartbeat({ ctx, input }: VerbArgs<HeartbeatInput>): { stop: string[] } {
  const now = new Date();
  return ctx.database.transaction((tx) => {
    const stop: string[] = [];
    for (const { sessionId, lease } of input.sessions) {
      const row = findSessionRow(tx, sessionId);
      if (!row || row.lease !== lease || !isSessionLive(row.status) || row.stopRequested) {
        stop.push(sessionId);
        continue;
      }
      touchSessionHeartbeat(tx, sessionId, now);
    }
    return { stop };
  });
}

export interface FinishInput {
  sessionId: string;
  lease: number;
  exitCode: number | null;
  signal: string | null;
  error: string | null;
  /** The runner stopped the agent because it is shutting down: the session can be resumed. */
  interrupted?: boolean;
}

/** The agent process has exited: settle the session (and its task) from its exit and reports. */
export function finishSession({ ctx, input }: VerbArgs<FinishInput>): Session {
  return inTransaction(ctx, (tx, record) => {
    const row = requireLease(findSessionRow(tx, input.sessionId), input.sessionId, input.lease);
    const session = findSessionById(tx, input.sessionId)!;
    const error =
      input.error ??
      (input.signal ? `killed by ${input.signal}` : input.exitCode ? `exited with code ${input.exitCode}` : null);
    // A stop the user asked for stays a stop; otherwise the runner going away interrupts the session.
    const status = input.interrupted && !row.stopRequested ? "interrupted" : undefined;
    const settled = settleSession(tx, record, session, {
      exitCode: input.exitCode,
      error,
      ...(status ? { status } : {}),
    });
    startWhatBecameReady(ctx, tx, record, session.projectId);
    return settled;
  });
}

/**
 * Under autopilot, what this session's end made ready (its task's dependents, the slot it
 * freed) is queued in the same commit: no separate pass stands between "done" and the next
 * agent. Anything that goes wrong here is undone and left to the scheduler's own pass.
 */
function startWhatBecameReady(ctx: Context, tx: DbClient, record: RecordEvent, projectId: string): void {
  if (findAutopilot(tx, projectId).state !== "on") return;
  const project = findProjectById(tx, projectId);
  if (!project) return;
  try {
    inSavepoint(tx, record, (savepoint, recordInSavepoint) =>
      scheduleProject(ctx, savepoint, recordInSavepoint, project, {
        now: Date.now(),
        log: () => {},
        onUnlaunchable: "skip",
      }),
    );
  } catch {
    // The pass that follows every change plans again, and reports what it cannot do.
  }
}
