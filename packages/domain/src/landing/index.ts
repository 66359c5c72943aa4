export {
  CHECKS_STATES,
  ChecksState,
  LAND_STATES,
  LandState,
  NO_LANDING,
  TASK_REVIEW_STATES,
  TaskLanding,
  TaskReviewState,
} from "./state";
export {
  CHECK_STATUSES,
  CheckStatus,
  DIFF_FILE_STATUSES,
  DiffFile,
  LineComment,
  PruneResult,
  REVIEW_VERDICTS,
  ReviewVerdict,
  TaskCheck,
  TaskDiff,
  TaskReview,
  WorktreeInfo,
} from "./views";
export {
  LandTaskInput,
  LineCommentInput,
  ListWorktreesInput,
  PruneWorktreesInput,
  ResolveTaskInput,
  ReviewTaskInput,
  TaskDiffInput,
} from "./inputs";
export { BranchName, isValidBranchName } from "./branch-name";
export {
  FOLLOW_UP_OUTPUT_CHARS,
  changesRequestedFollowUp,
  checkFailedFollowUp,
  describeCheckFailure,
  resolveConflictFollowUp,
  withFollowUp,
} from "./follow-ups";
export type { FailedCheck, ReviewNote } from "./follow-ups";
export { hunkAround, parseHunks } from "./diff-hunks";
export { cutAtLineEnd, parseNameStatus, parseNumstat, toDiffFiles } from "./git-diff-parse";
export type { DiffCounts, DiffEntry } from "./git-diff-parse";
export { listFilesBriefly } from "./file-list";
export { subtasksHold, unlandedSubtasks } from "./land-order";
export { FileOverlap, TaskOverlaps, TaskOverlapsInput, findOverlaps, isInFlight } from "./overlaps";
export { GH_ENV_NAMES, ghEnvironmentOf, ghRepoOf, openPrByHandNote, parsePrView, prUrlOfCreate } from "./pull-request";
export type { PrState } from "./pull-request";
