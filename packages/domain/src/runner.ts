import { z } from "zod";
import { AgentEvent } from "./agent-output/index";
import { DiffFile } from "./landing/views";
import { LogStream } from "./session";

/** A runner's name: the same rule for every call it makes (and for `maestro runner --id`). */
export const RUNNER_ID_MAX_LENGTH = 100;
export const RunnerId = z.string().min(1).max(RUNNER_ID_MAX_LENGTH);
export type RunnerId = z.infer<typeof RunnerId>;

/**
 * How the runner `maestro serve` starts for itself names itself, and no other runner may: a
 * server starting again knows that runner died with the last server (its sessions are ended at
 * once), while a remote runner may still be alive and is given its lease.
 */
export const EMBEDDED_RUNNER_ID_PREFIX = "serve:";

export function isEmbeddedRunnerId(runnerId: string): boolean {
  return runnerId.startsWith(EMBEDDED_RUNNER_ID_PREFIX);
}

/** A full git object name (SHA-1 or SHA-256), as the runner reports commits. */
const CommitId = z.string().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/, "must be a full commit id");

/** At most this many changed files travel with a finish (and are kept on the task). */
export const MAX_CHANGED_FILES = 5_000;

/** Longest a claim may be held open waiting for work (long poll). */
const MAX_CLAIM_WAIT_MS = 60_000;

/** A session as one claim of it holds it: the lease is the fencing token of that claim. */
export const LeaseRef = z.object({ sessionId: z.string().min(1), lease: z.number().int().min(1) });
export type LeaseRef = z.infer<typeof LeaseRef>;

export const ClaimInput = z.object({
  runnerId: RunnerId,
  /** Held open up to this long until a session is queued; absent, answered at once. */
  waitMs: z.number().int().min(0).max(MAX_CLAIM_WAIT_MS).optional(),
});
export type ClaimInput = z.infer<typeof ClaimInput>;

export const ReleaseInput = z.object({ runnerId: RunnerId });
export type ReleaseInput = z.infer<typeof ReleaseInput>;

export const StartedInput = LeaseRef.extend({
  pid: z.number().int(),
  cwd: z.string(),
  worktreePath: z.string().nullable(),
  branch: z.string().nullable(),
  /** What was launched, for the session's manifest: argv and environment variable names. */
  argv: z.array(z.string()).max(1_000).optional(),
  envNames: z.array(z.string().max(200)).max(1_000).optional(),
  /** When the runner saw the process start (epoch ms); the session's startedAt, kept within sense. */
  spawnedAt: z.number().int().min(0).optional(),
  /** In a worktree: the target branch's commit its branch was cut from. */
  baseCommit: CommitId.nullable().optional(),
});
export type StartedInput = z.infer<typeof StartedInput>;

export const LogInput = LeaseRef.extend({
  chunks: z.array(z.object({ stream: LogStream, text: z.string() })).max(10_000),
  /** What the runner parsed from structured output in this batch. */
  events: z.array(AgentEvent).max(10_000).optional(),
});
export type LogInput = z.infer<typeof LogInput>;

/** Memory the runner measured, in MiB (a process tree's resident set, a machine's available memory). */
const MeasuredMb = z
  .number()
  .int()
  .min(0)
  .max(1 << 30);

/** A held session in a heartbeat: its lease, and the peak memory of its agent's process tree so far. */
export const HeartbeatSession = LeaseRef.extend({ peakRssMb: MeasuredMb.optional() });
export type HeartbeatSession = z.infer<typeof HeartbeatSession>;

/** A land job as a claim of it holds it: the lease fences a runner whose claim expired. */
export const LandJobRef = z.object({ jobId: z.string().min(1), lease: z.number().int().min(1) });
export type LandJobRef = z.infer<typeof LandJobRef>;

/** A runner lands one job at a time; this bound only keeps a heartbeat small. */
export const MAX_HEARTBEAT_LAND_JOBS = 100;

export const HeartbeatInput = z.object({
  runnerId: RunnerId,
  sessions: z.array(HeartbeatSession).max(1_000),
  /** The land jobs the runner is landing: each one's claim lasts as long as its runner beats. */
  landJobs: z.array(LandJobRef).max(MAX_HEARTBEAT_LAND_JOBS).optional(),
  /** The runner's machine's available memory now: what autopilot admits new agents against. */
  availableMemoryMb: MeasuredMb.optional(),
});
export type HeartbeatInput = z.infer<typeof HeartbeatInput>;

export const FinishInput = LeaseRef.extend({
  exitCode: z.number().int().nullable(),
  signal: z.string().nullable(),
  error: z.string().max(10_000).nullable(),
  /** The runner stopped the agent because it is shutting down: the session can be resumed. */
  interrupted: z.boolean().optional(),
  /** It stopped because the server it runs for (`maestro serve`, its parent) is stopping. */
  isServerStopping: z.boolean().optional(),
  /** The agent could not be started (its executable is missing, its configuration is bad): not retried. */
  spawnFailed: z.boolean().optional(),
  /** In a worktree, after a success: the branch's commit once everything was committed. */
  headCommit: CommitId.nullable().optional(),
  /** The project's checks on that commit: none configured, all passed, or one failed (it is the last run). */
  checks: z.enum(["none", "passed", "failed"]).optional(),
  /** Files the branch changes against its base (capped: a huge change lists its first ones). */
  changedFiles: z.array(z.string().max(4_096)).max(MAX_CHANGED_FILES).optional(),
  /** The peak memory of the agent's process tree over the whole session (the last heartbeat may have missed it). */
  peakRssMb: MeasuredMb.optional(),
});
export type FinishInput = z.infer<typeof FinishInput>;

/** A project check starts in the session's worktree (after its agent succeeded). */
export const CheckStartedInput = LeaseRef.extend({ command: z.string().min(1).max(10_000) });
export type CheckStartedInput = z.infer<typeof CheckStartedInput>;

export const CheckFinishedInput = LeaseRef.extend({
  checkId: z.string().min(1),
  status: z.enum(["passed", "failed"]),
  exitCode: z.number().int().nullable(),
  /** The end of its output (the whole of it is in the session's log). */
  outputTail: z.string().max(16_000),
});
export type CheckFinishedInput = z.infer<typeof CheckFinishedInput>;

/*
 * Landing on a runner's machine. A project with a `repositoryUrl` (its repository is not on the
 * server's machine) is landed by a runner: the server queues a land job per task, a runner claims
 * it (long poll, like sessions), merges the task's head onto the target's tip in its own clone and
 * pushes the result with a compare-and-swap (`--force-with-lease`), reporting the commit it is
 * about to push first (so a runner dying mid-push is recovered by the next one: if the target holds
 * that commit, the task has landed).
 */

/** A land job waits for a runner (`queued`) or is being landed by one (`claimed`, under a lease that expires). */
export const LAND_JOB_STATES = ["queued", "claimed"] as const;
export type LandJobState = (typeof LAND_JOB_STATES)[number];

/**
 * What a land job asks of the runner: merge onto the target (`land`), or, in PR mode, open the
 * task's pull request (`open_pr`) or ask whether it was merged (`check_pr`).
 */
export const LAND_JOB_MODES = ["land", "open_pr", "check_pr"] as const;
export type LandJobMode = (typeof LAND_JOB_MODES)[number];

export const ClaimLandingInput = z.object({
  runnerId: RunnerId,
  /** Held open up to this long until a land job is queued; absent, answered at once. */
  waitMs: z.number().int().min(0).max(MAX_CLAIM_WAIT_MS).optional(),
  /**
   * The jobs this runner can do; absent, `land` only: a runner from before PR mode would merge an
   * `open_pr` job onto the target, so it is never handed one.
   */
  modes: z.array(z.enum(LAND_JOB_MODES)).min(1).max(LAND_JOB_MODES.length).optional(),
});
export type ClaimLandingInput = z.infer<typeof ClaimLandingInput>;

/** What a runner needs to land one task on the project's remote. */
export interface LandJob extends LandJobRef {
  projectId: string;
  taskId: string;
  taskKey: string;
  taskTitle: string;
  repositoryUrl: string;
  targetBranch: string;
  /** The task's branch on the remote, and the commit of it that was checked (and reviewed). */
  branch: string;
  head: string;
  strategy: "merge" | "squash";
  /** A commit an earlier attempt was about to push: if the target already holds it, the task has landed. */
  landingCommit: string | null;
  /** Absent from a server before PR mode: `land`. */
  mode?: LandJobMode;
  /** `open_pr`: the pull request's title and body, composed by the server. */
  prTitle?: string;
  prBody?: string;
  /** `check_pr`: the pull request `gh pr create` answered, or null (opened by hand, or without gh). */
  prUrl?: string | null;
}

/** The commit the runner is about to push to the target (recorded before the push: crash recovery reads it). */
export const LandingIntentInput = LandJobRef.extend({ commit: CommitId });
export type LandingIntentInput = z.infer<typeof LandingIntentInput>;

export const LandingOutcome = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("landed"), commit: CommitId }),
  z.object({ kind: z.literal("conflict"), files: z.array(z.string().max(4_096)).max(MAX_CHANGED_FILES) }),
  /** Could not land now (the remote refused, the branch is gone…): the note says why; it is tried again. */
  z.object({ kind: z.literal("waiting"), note: z.string().min(1).max(10_000) }),
  /** PR mode: the pull request is open (its URL, or null with a note saying how to open it by hand). */
  z.object({
    kind: z.literal("pr_open"),
    prUrl: z
      .string()
      .max(2_000)
      .regex(/^https?:\/\/\S+$/, "must be an http(s) URL")
      .nullable(),
    note: z.string().min(1).max(10_000).nullable(),
  }),
]);
export type LandingOutcome = z.infer<typeof LandingOutcome>;

export const LandingResultInput = LandJobRef.extend({ outcome: LandingOutcome });
export type LandingResultInput = z.infer<typeof LandingResultInput>;

/** The largest unified diff a runner sends for review (the rest is cut, `isTruncated` says so). */
export const MAX_REPORTED_PATCH_BYTES = 1024 * 1024;

/**
 * The most a whole diff report may take as JSON: the server reads request bodies of at most
 * 2 MiB, and JSON escaping (quotes, backslashes, control characters) can make a patch several
 * times its size. A report past it has its patch cut further (see the runner's fitDiffReport).
 */
export const MAX_DIFF_REPORT_JSON_BYTES = 1_800 * 1024;

/**
 * In a project whose repository is elsewhere, the server cannot run git on it: the runner sends
 * the branch's diff against its merge base with the target (after committing, before finishing).
 */
export const ReportDiffInput = LeaseRef.extend({
  base: CommitId,
  head: CommitId,
  files: z.array(DiffFile).max(MAX_CHANGED_FILES),
  patch: z.string().max(MAX_REPORTED_PATCH_BYTES + 1_024),
  isTruncated: z.boolean(),
});
export type ReportDiffInput = z.infer<typeof ReportDiffInput>;
