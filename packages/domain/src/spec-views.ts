import type { EarsIssue } from "./ears";
import type { DocumentPhase, ReviewState, Spec, SpecReview } from "./spec";
import type { TaskPlanIssue, TaskPlanItem } from "./spec-tasks";
import type { TaskStatus } from "./task";

/** One phase of `spec.byId`: its current document, review state and approvals. */
export interface SpecPhaseDetail {
  phase: DocumentPhase;
  reviewState: ReviewState;
  requiredApprovals: number;
  /** Approvals of the current version. */
  approvals: SpecReview[];
  /** null while the phase has no document. */
  version: number | null;
  text: string | null;
  author: string | null;
  updatedAt: string | null;
  /** `<rootDir>/.maestro/specs/<slug>/<phase>.md` */
  path: string;
}

export interface SpecDetail extends Omit<Spec, "phases"> {
  phases: SpecPhaseDetail[];
  /** Every submission, approval and change request, oldest first. */
  reviews: SpecReview[];
  /** EARS and numbering problems of the current requirements.md. */
  lint: EarsIssue[];
  /** Problems of the current tasks.md. */
  taskErrors: TaskPlanIssue[];
}

/** What approving tasks.md would do to one item. */
export interface TaskPreviewItem extends Omit<TaskPlanItem, "children"> {
  parent: string | null;
  /** The task it would update (matched by spec and item number); null = it would be created. */
  taskKey: string | null;
  children: TaskPreviewItem[];
}

export interface TasksPreview {
  items: TaskPreviewItem[];
  errors: TaskPlanIssue[];
  /** References to requirements that requirements.md does not have. */
  warnings: TaskPlanIssue[];
  create: number;
  update: number;
}

export interface TraceRequirement {
  id: string;
  text: string;
  /** `requirement` for `1`, `criterion` for `1.2`. */
  kind: "requirement" | "criterion";
  /** The first `TRACE_TASKS_SHOWN` of them, in the board's order: a big spec's would make megabytes. */
  tasks: Array<{ id: string; key: string; title: string; status: TaskStatus }>;
  /** How many tasks cover it in all. */
  taskCount: number;
}

/** Tasks a traceability row lists (its `taskCount` says how many there are). */
export const TRACE_TASKS_SHOWN = 20;

export interface Traceability {
  requirements: TraceRequirement[];
  /** Requirements and criteria no task refers to (a requirement is covered through its criteria). */
  uncovered: string[];
}

export interface SpecSyncResult {
  spec: Spec;
  /** The versions the disk files became. */
  created: Array<{ phase: DocumentPhase; version: number }>;
}
