import { z } from "zod";
import { Timestamp, oneOf } from "../common";

/**
 * How a task's work gets onto the project's target branch (worktree mode only). Three states,
 * each with one owner: checks (the runner runs the project's `checks` after the agent succeeds),
 * review (a person, under the `manual` land policy), landing (the server's lander).
 */
export const CHECKS_STATES = ["none", "running", "passed", "failed"] as const;
export const ChecksState = oneOf(CHECKS_STATES);
export type ChecksState = z.infer<typeof ChecksState>;

/** A person's verdict on the task's diff (spec reviews have their own states). */
export const TASK_REVIEW_STATES = ["none", "pending", "approved", "changes_requested"] as const;
export const TaskReviewState = oneOf(TASK_REVIEW_STATES);
export type TaskReviewState = z.infer<typeof TaskReviewState>;

/**
 * none: nothing to land yet · queued: ready, waiting its turn · landing: being merged now ·
 * waiting: blocked by something a person can fix (a dirty checkout; `note` says what) ·
 * conflict: merging would conflict (`conflictFiles`) · pr_open: pushed, waiting for the PR to
 * be merged · landed: on the target branch (`landedCommit`).
 */
export const LAND_STATES = ["none", "queued", "landing", "waiting", "conflict", "pr_open", "landed"] as const;
export const LandState = oneOf(LAND_STATES);
export type LandState = z.infer<typeof LandState>;

export const TaskLanding = z.object({
  /** The branch of the task's current attempt (`maestro/<key>-<attempt>`). */
  branch: z.string().nullable(),
  /** The target branch's commit the branch was cut from. */
  baseCommit: z.string().nullable(),
  /** The branch's commit that was checked (and is reviewed and landed). */
  headCommit: z.string().nullable(),
  checksState: ChecksState,
  reviewState: TaskReviewState,
  landState: LandState,
  /** Why it waits, in words ("uncommitted changes in the project directory: a.txt"), or null. */
  note: z.string().nullable(),
  conflictFiles: z.array(z.string()),
  /** Files the branch changes against its base (for early overlap warnings). */
  changedFiles: z.array(z.string()),
  landedCommit: z.string().nullable(),
  landedAt: Timestamp.nullable(),
  prUrl: z.string().nullable(),
  /**
   * The commit the lander is about to write to the target branch, recorded before it moves the
   * ref: after a crash, start-up recovery compares it with the ref to learn which side it is on.
   */
  landingCommit: z.string().nullable().default(null),
});
export type TaskLanding = z.infer<typeof TaskLanding>;

export const NO_LANDING: TaskLanding = {
  branch: null,
  baseCommit: null,
  headCommit: null,
  checksState: "none",
  reviewState: "none",
  landState: "none",
  note: null,
  conflictFiles: [],
  changedFiles: [],
  landedCommit: null,
  landedAt: null,
  prUrl: null,
  landingCommit: null,
};
