import { z } from "zod";
import { AgentName } from "./agent";
import { EntityRef, Id, MAX_TEXT_LENGTH, Timestamp, oneOf, optionalText, requiredText } from "./common";
import { BudgetTokens, BudgetUsd } from "./budget";
import { BranchName } from "./landing/branch-name";
import { PageLimit, TimeCursor } from "./page";

export const PROJECT_KEY_PATTERN = /^[A-Z][A-Z0-9]{0,9}$/;
export const WORKTREE_MODES = ["off", "per_task"] as const;
/** manual: a person approves each task's diff; auto: it lands once its checks pass; pr: a pull request is opened. */
export const LAND_POLICIES = ["manual", "auto", "pr"] as const;
export const LandPolicy = oneOf(LAND_POLICIES);
export type LandPolicy = z.infer<typeof LandPolicy>;
/** merge: a merge commit keeps the task's commits; squash: one commit per task. */
export const LAND_STRATEGIES = ["merge", "squash"] as const;
export const LandStrategy = oneOf(LAND_STRATEGIES);
export type LandStrategy = z.infer<typeof LandStrategy>;
export const WorktreeMode = oneOf(WORKTREE_MODES);
export type WorktreeMode = z.infer<typeof WorktreeMode>;

export const ProjectKey = z
  .string()
  .trim()
  .toUpperCase()
  .regex(PROJECT_KEY_PATTERN, "must be 1-10 letters or digits starting with a letter, e.g. WEB");

/** Each setting's schema, without its default (a partial update must not reset the others). */
const whole = (min: number, max: number, unit = "") =>
  z
    .number()
    .int("must be a whole number")
    .min(min, `must be at least ${min}${unit}`)
    .max(max, `must be at most ${max}${unit}`);

/**
 * A git URL runners clone and push: https://, ssh://, git://, file://, scp-like user@host:path, or
 * an absolute path. Never an option (a leading "-") nor a transport that runs a command (ext::, fd::).
 */
export const RepositoryUrl = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(2_000, "is too long")
  .refine((url) => !/[\s\p{Cc}]/u.test(url), "must not contain spaces or control characters")
  .refine((url) => !url.startsWith("-"), "must not start with -")
  // Settings are shown to every viewer and sent to every runner: credentials stay on the runners' machines.
  .refine(
    (url) => !/^[a-z][a-z0-9+.-]*:\/\/[^/@]*:[^/@]*@/i.test(url),
    "must not hold a password: runners use their machine's ssh keys or git credential helper",
  )
  // git's "<transport>::<address>" form runs a helper, and ext:: a command: never.
  .refine((url) => !/^[A-Za-z0-9+.-]+::/.test(url), "must not name a remote helper (<transport>::)")
  .refine(
    (url) =>
      /^(https?|ssh|git|file):\/\/\S/i.test(url) ||
      /^([A-Za-z0-9._-]+@)?[A-Za-z0-9.-]+:(?!\/\/)[^:]/.test(url) ||
      url.startsWith("/"),
    "must be a git URL (https://, ssh://, git://, file://, user@host:path) or an absolute path",
  );

const SETTING_FIELDS = {
  defaultAgent: AgentName.nullable(),
  concurrencyLimit: whole(1, 64),
  worktreeMode: WorktreeMode,
  setupScript: z.string().max(MAX_TEXT_LENGTH).nullable(),
  cleanupScript: z.string().max(MAX_TEXT_LENGTH).nullable(),
  /** Attempts autopilot gives a task before it is failed (a task's own maxAttempts wins). */
  maxAttempts: whole(1, 20),
  /** Backoff between attempts: base·2^(n-1) seconds, at most max, with ±20 % jitter. */
  retryBaseSec: whole(1, 3600, " s"),
  retryMaxSec: whole(1, 86_400, " s"),
  /** A session whose agent prints nothing this long is stopped; flagged stalled at half (a task's own stallSec wins). */
  stallSec: whole(2, 7 * 86_400, " s"),
  /** Overrides the built-in prompt layout ({{persona}}, {{tasks}}, … placeholders); null = default. */
  promptTemplate: z.string().max(MAX_TEXT_LENGTH).nullable(),
  /** Approvals each spec phase needs unless the spec says otherwise. */
  specApprovals: whole(1, 10),
  /** Where tasks' work lands (worktree mode); null = the branch checked out when worktrees were turned on. */
  targetBranch: BranchName.nullable(),
  landPolicy: LandPolicy,
  landStrategy: LandStrategy,
  /** Commands run in a task's worktree after its agent succeeds (e.g. `pnpm test`); all must pass. */
  checks: z
    .array(z.string().trim().min(1, "must not be empty").max(MAX_TEXT_LENGTH, "is too long"))
    .max(20, "must have at most 20 commands"),
  /** A command run in each new worktree before its agent starts (e.g. `pnpm install --frozen-lockfile`). */
  worktreeSetup: z.string().trim().min(1, "must not be empty").max(MAX_TEXT_LENGTH).nullable(),
  /** The git remote pull requests are pushed to. */
  remote: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, "must be a git remote name such as origin"),
  /**
   * Where the project's repository lives when it is not on the server's machine (a team server):
   * runners clone it, cut worktrees from its target branch, push task branches to it and land
   * there (a compare-and-swap push). null: the repository is the project directory.
   */
  repositoryUrl: RepositoryUrl.nullable(),
  /** Spend limits for the whole project; reaching one pauses its autopilot and stops its sessions. */
  budgetUsd: BudgetUsd.nullable(),
  budgetTokens: BudgetTokens.nullable(),
};

export const ProjectSettings = z.object({
  defaultAgent: SETTING_FIELDS.defaultAgent.default(null),
  concurrencyLimit: SETTING_FIELDS.concurrencyLimit.default(2),
  worktreeMode: SETTING_FIELDS.worktreeMode.default("off"),
  setupScript: SETTING_FIELDS.setupScript.default(null),
  cleanupScript: SETTING_FIELDS.cleanupScript.default(null),
  maxAttempts: SETTING_FIELDS.maxAttempts.default(1),
  retryBaseSec: SETTING_FIELDS.retryBaseSec.default(30),
  retryMaxSec: SETTING_FIELDS.retryMaxSec.default(900),
  stallSec: SETTING_FIELDS.stallSec.default(900),
  promptTemplate: SETTING_FIELDS.promptTemplate.default(null),
  specApprovals: SETTING_FIELDS.specApprovals.default(1),
  targetBranch: SETTING_FIELDS.targetBranch.default(null),
  landPolicy: SETTING_FIELDS.landPolicy.default("manual"),
  landStrategy: SETTING_FIELDS.landStrategy.default("merge"),
  checks: SETTING_FIELDS.checks.default([]),
  worktreeSetup: SETTING_FIELDS.worktreeSetup.default(null),
  remote: SETTING_FIELDS.remote.default("origin"),
  repositoryUrl: SETTING_FIELDS.repositoryUrl.default(null),
  budgetUsd: SETTING_FIELDS.budgetUsd.default(null),
  budgetTokens: SETTING_FIELDS.budgetTokens.default(null),
});
/** Only the settings named change. */
export const ProjectSettingsPatch = z.object(SETTING_FIELDS).partial();
export type ProjectSettings = z.infer<typeof ProjectSettings>;

export const DEFAULT_PROJECT_SETTINGS: ProjectSettings = ProjectSettings.parse({});

export const Project = z.object({
  id: Id,
  key: z.string(),
  name: z.string(),
  rootDir: z.string(),
  description: z.string(),
  settings: ProjectSettings,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Project = z.infer<typeof Project>;

const RootDir = z
  .string({ error: "is required" })
  .trim()
  .min(1, "must not be empty")
  .max(4096, "is too long")
  .refine((dir) => dir.startsWith("/") || /^[A-Za-z]:[\\/]/.test(dir), "must be an absolute path")
  // No file system takes NUL in a path: Node would throw on every file the project's folder holds.
  .refine((dir) => !dir.includes("\0"), "must not contain a NUL character");

export const CreateProjectInput = z.object({
  name: requiredText(200),
  rootDir: RootDir,
  key: ProjectKey.optional(),
  description: optionalText(MAX_TEXT_LENGTH).default(""),
  settings: ProjectSettingsPatch.optional(),
});
export type CreateProjectInput = z.input<typeof CreateProjectInput>;

export const UpdateProjectInput = z.object({
  id: EntityRef,
  name: requiredText(200).optional(),
  rootDir: RootDir.optional(),
  description: optionalText(MAX_TEXT_LENGTH).optional(),
  settings: ProjectSettingsPatch.optional(),
});
export type UpdateProjectInput = z.input<typeof UpdateProjectInput>;

/** Projects oldest first, a page at a time; the call may leave out its input. */
export const ListProjectsInput = z.object({ limit: PageLimit, cursor: TimeCursor }).prefault({});
export type ListProjectsInput = z.input<typeof ListProjectsInput>;

export const ProjectRefInput = z.object({ id: EntityRef });
export type ProjectRefInput = z.infer<typeof ProjectRefInput>;

/** Suggests a key from a name: initials of several words, else the first letters ("Web app" → WA, "Demo" → DEMO). */
export function suggestProjectKey(name: string): string {
  const words = name.toUpperCase().match(/[A-Z0-9]+/g) ?? [];
  const firstWord = words[0] ?? "";
  const base =
    words.length > 1
      ? words
          .map((word) => word[0])
          .join("")
          .slice(0, 4)
      : firstWord.slice(0, 4);
  const key = /^[A-Z]/.test(base) ? base : `P${base}`;
  return key.slice(0, 10) || "P";
}
