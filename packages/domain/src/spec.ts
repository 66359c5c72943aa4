import { z } from "zod";
import { EntityRef, Id, MAX_TEXT_LENGTH, Timestamp, oneOf, optionalText, requiredText } from "./common";
import { PageLimit, TimeCursor } from "./page";

export const SPEC_PHASES = ["requirements", "design", "tasks", "implementation", "done"] as const;
export type SpecPhase = (typeof SPEC_PHASES)[number];

/** The phases that have a document, in order; each needs the one before it approved. */
export const DOCUMENT_PHASES = ["requirements", "design", "tasks"] as const satisfies readonly SpecPhase[];
export const DocumentPhase = oneOf(DOCUMENT_PHASES);
export type DocumentPhase = z.infer<typeof DocumentPhase>;

export const SPEC_STATUSES = ["active", "paused", "done", "failed"] as const;
export type SpecStatus = (typeof SPEC_STATUSES)[number];

export const REVIEW_STATES = ["draft", "in_review", "changes_requested", "approved"] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

/** What a reviewer did: asked for review, approved, or asked for changes. */
export const REVIEW_KINDS = ["submission", "approval", "change_request"] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];

/** Where a document version came from. */
export const DOCUMENT_SOURCES = ["api", "disk", "system", "agent"] as const;
export type DocumentSource = (typeof DOCUMENT_SOURCES)[number];

export const SPEC_SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const MAX_SPEC_DOCUMENT_LENGTH = 200_000;

export const SpecSlug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(SPEC_SLUG_PATTERN, "must be 1-64 lowercase letters, digits or dashes, starting with a letter or digit");

/** The file each document phase is mirrored to, inside `<rootDir>/.maestro/specs/<slug>/`. */
export const DOCUMENT_FILES: Record<DocumentPhase, string> = {
  requirements: "requirements.md",
  design: "design.md",
  tasks: "tasks.md",
};

export const SpecPhaseState = z.object({
  phase: DocumentPhase,
  reviewState: z.enum(REVIEW_STATES),
  requiredApprovals: z.number().int(),
  /** Approvals of the current version, by distinct actors. */
  approvals: z.number().int(),
  /** The current document version; null while the phase has no document. */
  version: z.number().int().nullable(),
});
export type SpecPhaseState = z.infer<typeof SpecPhaseState>;

export const Spec = z.object({
  id: Id,
  projectId: Id,
  slug: z.string(),
  name: z.string(),
  request: z.string(),
  phase: z.enum(SPEC_PHASES),
  status: z.enum(SPEC_STATUSES),
  phases: z.array(SpecPhaseState),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Spec = z.infer<typeof Spec>;

export const SpecDocumentVersion = z.object({
  specId: Id,
  phase: DocumentPhase,
  version: z.number().int(),
  text: z.string(),
  author: z.string(),
  source: z.enum(DOCUMENT_SOURCES),
  createdAt: Timestamp,
});
export type SpecDocumentVersion = z.infer<typeof SpecDocumentVersion>;

export const SpecReview = z.object({
  id: Id,
  specId: Id,
  phase: DocumentPhase,
  kind: z.enum(REVIEW_KINDS),
  /** The document version the review was about. */
  version: z.number().int(),
  actor: z.string(),
  comment: z.string(),
  createdAt: Timestamp,
});
export type SpecReview = z.infer<typeof SpecReview>;

export const CreateSpecInput = z.object({
  projectId: EntityRef,
  name: requiredText(200),
  request: optionalText(MAX_TEXT_LENGTH).default(""),
  /** Defaults to one made from the name, unique in the project. */
  slug: SpecSlug.optional(),
  /** Approvals each phase needs; defaults to the project's `specApprovals`. */
  requiredApprovals: z.number().int().min(1).max(10).optional(),
});
export type CreateSpecInput = z.input<typeof CreateSpecInput>;

/** Specs oldest first (of a project, or all), a page at a time. */
export const ListSpecsInput = z.object({ projectId: EntityRef.optional(), limit: PageLimit, cursor: TimeCursor });
export type ListSpecsInput = z.input<typeof ListSpecsInput>;

/** A spec by id, by `<project key>/<slug>`, or by slug when only one project has it. */
export const SpecRefInput = z.object({ id: EntityRef });
export type SpecRefInput = z.infer<typeof SpecRefInput>;

export const EditSpecInput = z.object({
  id: EntityRef,
  phase: DocumentPhase,
  text: z.string().max(MAX_SPEC_DOCUMENT_LENGTH, `must be at most ${MAX_SPEC_DOCUMENT_LENGTH} characters`),
  /** The version the edit was based on: refused if the document has moved on since. */
  baseVersion: z.number().int().min(0).optional(),
});
export type EditSpecInput = z.input<typeof EditSpecInput>;

export const ReviewSpecInput = z.object({
  id: EntityRef,
  /** Defaults to the spec's current phase. */
  phase: DocumentPhase.optional(),
  comment: optionalText(MAX_TEXT_LENGTH).default(""),
});
export type ReviewSpecInput = z.input<typeof ReviewSpecInput>;

/** A document's versions, newest first, a page at a time (the cursor is the last version given). */
export const SpecVersionsInput = z.object({
  id: EntityRef,
  phase: DocumentPhase,
  limit: PageLimit,
  cursor: z
    .string()
    .regex(/^\d{1,9}$/, "must be the nextCursor of a previous page")
    .nullish(),
});
export type SpecVersionsInput = z.input<typeof SpecVersionsInput>;

export const SpecDiffInput = z.object({
  id: EntityRef,
  phase: DocumentPhase,
  from: z.number().int().min(0),
  /** Defaults to the current version. */
  to: z.number().int().min(1).optional(),
});
export type SpecDiffInput = z.infer<typeof SpecDiffInput>;

export const TasksPreviewInput = z.object({
  id: EntityRef,
  /** Preview this text instead of the current tasks.md. */
  text: z.string().max(MAX_SPEC_DOCUMENT_LENGTH).optional(),
});
export type TasksPreviewInput = z.infer<typeof TasksPreviewInput>;

export const STEERING_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.md$/;
const SteeringName = z
  .string()
  .trim()
  .regex(STEERING_NAME_PATTERN, "must be a file name ending in .md, e.g. product.md");

/** A project's steering documents by name, a page at a time; the cursor is the last name given. */
export const ListSteeringInput = z.object({
  projectId: EntityRef,
  limit: PageLimit,
  cursor: z
    .string()
    .max(255)
    .regex(/^[^/\0]+\.md$/, "must be the nextCursor of a previous page")
    .nullish(),
});
export type ListSteeringInput = z.input<typeof ListSteeringInput>;

export const SteeringRefInput = z.object({ projectId: EntityRef, name: SteeringName });
export type SteeringRefInput = z.infer<typeof SteeringRefInput>;

export const WriteSteeringInput = SteeringRefInput.extend({
  text: z.string().max(MAX_SPEC_DOCUMENT_LENGTH, `must be at most ${MAX_SPEC_DOCUMENT_LENGTH} characters`),
  /** The text the edit started from (null: a new file); a file changed since then is a CONFLICT. Omitted: overwrite. */
  baseText: z.string().max(MAX_SPEC_DOCUMENT_LENGTH).nullable().optional(),
});
export type WriteSteeringInput = z.infer<typeof WriteSteeringInput>;

export const SteeringDocument = z.object({ name: z.string(), text: z.string(), updatedAt: Timestamp });
export type SteeringDocument = z.infer<typeof SteeringDocument>;

/** A slug from a name: `Sign-in with SSO!` → `sign-in-with-sso`. */
export function slugify(name: string): string {
  const slug = name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 56)
    .replace(/-+$/, "");
  return slug || "spec";
}

/** The phase a spec is in: the first document phase not approved, else implementation. */
export function currentPhase(
  states: ReadonlyArray<{ phase: DocumentPhase; reviewState: ReviewState }>,
  isDone = false,
): SpecPhase {
  if (isDone) return "done";
  for (const phase of DOCUMENT_PHASES) {
    if (states.find((state) => state.phase === phase)?.reviewState !== "approved") return phase;
  }
  return "implementation";
}

/** The document phase before `phase`, or null for requirements. */
export function previousPhase(phase: DocumentPhase): DocumentPhase | null {
  const index = DOCUMENT_PHASES.indexOf(phase);
  return index > 0 ? DOCUMENT_PHASES[index - 1]! : null;
}
