import { z } from "zod";
import { Id, Timestamp, oneOf } from "../common";

export const DIFF_FILE_STATUSES = ["added", "modified", "deleted", "renamed", "copied", "type_changed"] as const;

/** One file of a task's diff against its merge base with the target branch. */
export const DiffFile = z.object({
  path: z.string(),
  /** Where it came from, for a rename or copy. */
  oldPath: z.string().nullable(),
  status: oneOf(DIFF_FILE_STATUSES),
  additions: z.number().int(),
  deletions: z.number().int(),
  isBinary: z.boolean(),
});
export type DiffFile = z.infer<typeof DiffFile>;

export const TaskDiff = z.object({
  taskId: Id,
  branch: z.string(),
  /** The merge base with the target branch, and the branch's commit. */
  base: z.string(),
  head: z.string(),
  files: z.array(DiffFile),
  /** The unified diff (absent with `stat`); cut at a size limit, `isTruncated` then says so. */
  patch: z.string().nullable(),
  isTruncated: z.boolean(),
});
export type TaskDiff = z.infer<typeof TaskDiff>;

export const REVIEW_VERDICTS = ["approve", "request_changes"] as const;
export const ReviewVerdict = oneOf(REVIEW_VERDICTS);
export type ReviewVerdict = z.infer<typeof ReviewVerdict>;

export const LineComment = z.object({
  file: z.string(),
  line: z.number().int(),
  text: z.string(),
});
export type LineComment = z.infer<typeof LineComment>;

/** One verdict on a task's diff, with its comments (kept as the task's review history). */
export const TaskReview = z.object({
  id: Id,
  taskId: Id,
  actor: z.string(),
  verdict: ReviewVerdict,
  comment: z.string(),
  comments: z.array(LineComment),
  /** The branch commit that was reviewed. */
  headCommit: z.string().nullable(),
  createdAt: Timestamp,
});
export type TaskReview = z.infer<typeof TaskReview>;

export const CHECK_STATUSES = ["running", "passed", "failed"] as const;
export const CheckStatus = oneOf(CHECK_STATUSES);
export type CheckStatus = z.infer<typeof CheckStatus>;

/** One run of one of the project's checks in a task's worktree. */
export const TaskCheck = z.object({
  id: Id,
  taskId: Id,
  sessionId: Id,
  command: z.string(),
  status: CheckStatus,
  exitCode: z.number().int().nullable(),
  /** The end of what it printed (its whole output is in the session's log). */
  outputTail: z.string(),
  startedAt: Timestamp,
  endedAt: Timestamp.nullable(),
});
export type TaskCheck = z.infer<typeof TaskCheck>;

/** A worktree Maestro made, as found on disk and in git. */
export const WorktreeInfo = z.object({
  path: z.string(),
  projectId: Id,
  taskId: Id.nullable(),
  taskKey: z.string().nullable(),
  branch: z.string().nullable(),
  /** Tracked or untracked files with changes not committed. */
  dirtyFiles: z.array(z.string()),
  /** Commits on the branch that are not on the target branch. */
  commitsNotLanded: z.number().int(),
  sizeBytes: z.number().int(),
  /** Whether prune would remove it without --force (its work has landed, or there is none). */
  isPrunable: z.boolean(),
  /** Why not, in words. */
  reason: z.string().nullable(),
});
export type WorktreeInfo = z.infer<typeof WorktreeInfo>;

export const PruneResult = z.object({
  removed: z.array(z.string()),
  kept: z.array(z.object({ path: z.string(), reason: z.string() })),
  isDryRun: z.boolean(),
});
export type PruneResult = z.infer<typeof PruneResult>;
