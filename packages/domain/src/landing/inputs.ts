import { z } from "zod";
import { AgentName } from "../agent";
import { EntityRef, MAX_TEXT_LENGTH } from "../common";
import { PageLimit } from "../page";
import { ReviewVerdict } from "./views";

export const TaskDiffInput = z.object({
  id: EntityRef,
  /** Files and counts only, no patch. */
  stat: z.boolean().default(false),
});
export type TaskDiffInput = z.input<typeof TaskDiffInput>;

const CommentText = z.string().trim().min(1, "must not be empty").max(MAX_TEXT_LENGTH, "is too long");

export const LineCommentInput = z.object({
  file: z.string().trim().min(1, "must not be empty").max(4_000, "is too long"),
  line: z.number().int("must be a whole number").min(1, "must be at least 1"),
  text: CommentText,
});

export const ReviewTaskInput = z
  .object({
    id: EntityRef,
    verdict: ReviewVerdict,
    comment: z.string().trim().max(MAX_TEXT_LENGTH, "is too long").default(""),
    comments: z.array(LineCommentInput).max(200, "must have at most 200 comments").default([]),
  })
  .refine((input) => input.verdict === "approve" || input.comment !== "" || input.comments.length > 0, {
    path: ["comment"],
    message: "is required to request changes: say what should change (or comment on lines)",
  });
export type ReviewTaskInput = z.input<typeof ReviewTaskInput>;

export const LandTaskInput = z.object({ id: EntityRef });
export type LandTaskInput = z.input<typeof LandTaskInput>;

export const ResolveTaskInput = z.object({
  id: EntityRef,
  /** The agent that resolves the conflict; default the task's last one. */
  agent: AgentName.optional(),
});
export type ResolveTaskInput = z.input<typeof ResolveTaskInput>;

/** Worktrees by path (of a project, or all), a page at a time; the cursor is the last path given. */
export const ListWorktreesInput = z.object({
  projectId: EntityRef.optional(),
  limit: PageLimit,
  cursor: z
    .string()
    .max(4096)
    .regex(/^\/[^\0]*$/, "must be the nextCursor of a previous page")
    .nullish(),
});
export type ListWorktreesInput = z.input<typeof ListWorktreesInput>;

export const PruneWorktreesInput = z.object({
  projectId: EntityRef.optional(),
  dryRun: z.boolean().default(false),
  /** Also remove worktrees whose work has not landed (uncommitted changes, unlanded commits). */
  force: z.boolean().default(false),
});
export type PruneWorktreesInput = z.input<typeof PruneWorktreesInput>;
