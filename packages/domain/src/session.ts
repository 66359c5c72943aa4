import { z } from "zod";
import { AgentName, Persona } from "./agent";
import { EntityRef, Id, MAX_TEXT_LENGTH, Timestamp, oneOf } from "./common";
import { IdCursor, PageLimit, TimeCursor } from "./page";
import { EndReason } from "./session-stop";

export const SESSION_STATUSES = [
  "queued",
  "starting",
  "running",
  "needs_input",
  "waiting",
  "succeeded",
  "failed",
  "cancelled",
  "interrupted",
  "timed_out",
] as const;
export const SessionStatus = oneOf(SESSION_STATUSES);
export type SessionStatus = z.infer<typeof SessionStatus>;

/** Statuses in which an agent process may be alive: the only ones a runner holds a lease on. */
export const LIVE_SESSION_STATUSES = ["starting", "running", "needs_input"] as const satisfies readonly SessionStatus[];
/** Sessions that hold a concurrency slot: asked for, starting, or with a live process. */
export const SLOT_SESSION_STATUSES = ["queued", ...LIVE_SESSION_STATUSES] as const satisfies readonly SessionStatus[];
/**
 * Sessions that keep their task busy (it gets no second one): the slot holders, and those waiting
 * for a usage limit to reset. These are the sessions a stop applies to.
 */
export const BUSY_SESSION_STATUSES = [...SLOT_SESSION_STATUSES, "waiting"] as const satisfies readonly SessionStatus[];
export const ENDED_SESSION_STATUSES = [
  "succeeded",
  "failed",
  "cancelled",
  "interrupted",
  "timed_out",
] as const satisfies readonly SessionStatus[];
/** Ended sessions a new attempt on the same tasks can resume: every ending but success. */
export const RESUMABLE_SESSION_STATUSES = [
  "failed",
  "cancelled",
  "interrupted",
  "timed_out",
] as const satisfies readonly SessionStatus[];

export type BusySessionStatus = (typeof BUSY_SESSION_STATUSES)[number];

const isIn = (statuses: readonly SessionStatus[], status: SessionStatus) => statuses.includes(status);

export function isSessionLive(status: SessionStatus): boolean {
  return isIn(LIVE_SESSION_STATUSES, status);
}

export function isSessionHoldingSlot(status: SessionStatus): boolean {
  return isIn(SLOT_SESSION_STATUSES, status);
}

export function isSessionBusy(status: SessionStatus): status is BusySessionStatus {
  return isIn(BUSY_SESSION_STATUSES, status);
}

export function isSessionEnded(status: SessionStatus): boolean {
  return isIn(ENDED_SESSION_STATUSES, status);
}

/** Whether a stop applies: a busy session can be stopped (a queued or waiting one is cancelled at once). */
export function canStopSession(status: SessionStatus): boolean {
  return isSessionBusy(status);
}

export function canResumeSession(status: SessionStatus): boolean {
  return isIn(RESUMABLE_SESSION_STATUSES, status);
}

export const SESSION_ROLES = ["worker", "coordinator", "reviewer", "planner"] as const;
export const SessionRole = oneOf(SESSION_ROLES);
export type SessionRole = z.infer<typeof SessionRole>;

export const Session = z.object({
  id: Id,
  projectId: Id,
  taskIds: z.array(Id),
  agent: z.string(),
  role: SessionRole,
  status: SessionStatus,
  /** A stop was asked for (by a person, a time limit or a usage limit); the runner carries it out. */
  stopRequested: z.boolean(),
  attempt: z.number().int(),
  runnerId: z.string().nullable(),
  pid: z.number().int().nullable(),
  cwd: z.string().nullable(),
  worktreePath: z.string().nullable(),
  branch: z.string().nullable(),
  prompt: z.string(),
  exitCode: z.number().int().nullable(),
  error: z.string().nullable(),
  /** The agent's own id for its conversation (Claude Code's session, Codex's thread). */
  agentSessionId: z.string().nullable(),
  parentSessionId: Id.nullable(),
  /** The earlier session this one continues (its working directory, and its conversation where the agent can resume). */
  resumedFromId: Id.nullable(),
  /** Why this run continues an earlier one (set on a resume, and when a usage-limit wait ends). */
  resumeReason: z.string().nullable(),
  /** What Maestro asks of this follow-up (a failed check, requested changes, a conflict), sent with its prompt. */
  followUp: z.string().nullable(),
  costUsd: z.number(),
  /** The cost was estimated from tokens and a price table (the agent reported none). */
  costIsEstimate: z.boolean(),
  tokensIn: z.number().int(),
  tokensOut: z.number().int(),
  /** Position in `taskIds` of the task being worked on (queue sessions). */
  queueIndex: z.number().int(),
  /** The last thing the agent reported (progress text, question, …). */
  lastReport: z.string().nullable(),
  createdAt: Timestamp,
  startedAt: Timestamp.nullable(),
  endedAt: Timestamp.nullable(),
  lastHeartbeatAt: Timestamp.nullable(),
  lastOutputAt: Timestamp.nullable(),
  /** Set when its agent has printed nothing for half its stall limit; cleared by new output. */
  stalledAt: Timestamp.nullable(),
  /** Why it ended (null while it has not); see END_REASONS. */
  endReason: EndReason.nullable(),
  /** Who asked for the stop that ended it (a principal: `owner`, `agent:<id8>`, …), when someone did. */
  stoppedBy: z.string().nullable(),
  /** The highest resident memory of its process tree the runner saw, in MiB. */
  peakRssMb: z.number().int().nullable(),
});
export type Session = z.infer<typeof Session>;

/** The task the session works on now: its queue's current one, or its only one. */
export function currentTaskIdOf(session: Pick<Session, "taskIds" | "queueIndex">): string | undefined {
  return session.taskIds[session.queueIndex] ?? session.taskIds[0];
}

export const StartSessionInput = z.object({
  /** One task, or several worked in order when `queue` is set. */
  taskIds: z.array(EntityRef).min(1, "must name at least one task").max(50, "must have at most 50 tasks"),
  /** Agent profile name; defaults to the task's, then the project's, then `shell` for tasks with a command. */
  agent: AgentName.optional(),
  role: SessionRole.default("worker"),
  worktree: z.boolean().default(false),
  queue: z.boolean().default(false),
  parentSessionId: Id.optional(),
  /** Runs the agent in this role instead of its profile's (e.g. an analyst drafting requirements). */
  persona: Persona.optional(),
});
export type StartSessionInput = z.input<typeof StartSessionInput>;

export const SessionRefInput = z.object({ id: Id });
export type SessionRefInput = z.infer<typeof SessionRefInput>;

export const ListSessionsInput = z.object({
  projectId: EntityRef.optional(),
  taskId: EntityRef.optional(),
  status: z
    .array(SessionStatus)
    .or(SessionStatus.transform((status) => [status]))
    .optional(),
  /** Only sessions that ended for one of these reasons. */
  endReason: z
    .array(EndReason)
    .or(EndReason.transform((reason) => [reason]))
    .optional(),
  limit: PageLimit,
  cursor: TimeCursor,
});
export type ListSessionsInput = z.input<typeof ListSessionsInput>;

/** A project's cost rolled up per task, a page of tasks at a time (by task id); the totals come whole. */
export const SessionCostsInput = z.object({
  projectId: EntityRef,
  limit: PageLimit,
  cursor: IdCursor,
});
export type SessionCostsInput = z.input<typeof SessionCostsInput>;

export const LOG_STREAMS = ["stdout", "stderr", "system"] as const;
export const LogStream = z.enum(LOG_STREAMS);
export type LogStream = z.infer<typeof LogStream>;

export const LogChunk = z.object({
  sessionId: Id,
  seq: z.number().int(),
  stream: LogStream,
  text: z.string(),
  ts: Timestamp,
});
export type LogChunk = z.infer<typeof LogChunk>;

export const SessionLogInput = z.object({
  id: Id,
  /** Replay from after this seq (0 = from the start), then follow. */
  afterSeq: z.number().int().min(0).default(0),
  /** tRPC's resume cursor: the last seq received, as a string. */
  lastEventId: z.string().regex(/^\d+$/, "must be a log seq").nullish(),
});
export type SessionLogInput = z.input<typeof SessionLogInput>;

export const REPORT_KINDS = ["progress", "done", "blocked", "failed", "needs_input"] as const;
export const ReportKind = z.enum(REPORT_KINDS);
export type ReportKind = z.infer<typeof ReportKind>;

export const ReportInput = z.object({
  sessionId: Id,
  kind: ReportKind,
  text: z.string().max(MAX_TEXT_LENGTH, `must be at most ${MAX_TEXT_LENGTH} characters`).default(""),
  /** The task the report is about; defaults to the session's current task. */
  taskId: EntityRef.optional(),
});
export type ReportInput = z.input<typeof ReportInput>;
