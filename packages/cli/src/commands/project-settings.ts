import { LandPolicy, LandStrategy, ProjectSettingsPatch, WorktreeMode } from "@maestro/domain";
import { type OptionSpec, listOption, schemaOption, stringOption } from "../command";
import { UsageError } from "../errors";

// Each value is checked with the project schema's own field, so the CLI refuses what the server would.
const FIELDS = ProjectSettingsPatch.shape;
const CheckCommand = FIELDS.checks.unwrap().element;
const TargetBranch = FIELDS.targetBranch.unwrap().unwrap();
const SetupCommand = FIELDS.worktreeSetup.unwrap().unwrap();
const Remote = FIELDS.remote.unwrap();
const RepositoryUrl = FIELDS.repositoryUrl.unwrap().unwrap();

/** The worktree and landing settings `project create` and `project update` both take. */
export const LANDING_SETTING_OPTIONS: OptionSpec[] = [
  {
    flags: "--worktree <mode>",
    description: "per_task runs each session in its own git worktree",
    schema: WorktreeMode,
  },
  {
    flags: "--target-branch <branch>",
    description: "where tasks' work lands (default: the branch checked out when worktrees are turned on)",
    schema: TargetBranch,
  },
  {
    flags: "--land <policy>",
    description: "manual: a person approves each diff; auto: lands once checks pass; pr: opens a pull request",
    schema: LandPolicy,
  },
  {
    flags: "--land-strategy <strategy>",
    description: "merge keeps the task's commits under a merge commit; squash makes one commit",
    schema: LandStrategy,
  },
  {
    flags: "--check <cmd>",
    description: "a command run in the worktree after the agent succeeds, e.g. 'pnpm test' (repeatable; replaces them)",
    repeatable: true,
    schema: CheckCommand,
  },
  { flags: "--no-checks", description: "remove every check" },
  {
    flags: "--worktree-setup <cmd>",
    description: "a command run in each new worktree before the agent starts",
    schema: SetupCommand,
  },
  { flags: "--no-worktree-setup", description: "run nothing in new worktrees" },
  {
    flags: "--remote <name>",
    description: "the git remote pull requests are pushed to (default origin)",
    schema: Remote,
  },
  {
    flags: "--repository <url>",
    description:
      "the repository's git URL when it is not on the server's machine: runners clone it, push task branches and land there",
    schema: RepositoryUrl,
  },
  { flags: "--no-repository", description: "the repository is the project directory again" },
];

/** The landing settings named on the command line (the others undefined: a patch changes only those). */
export function landingSettings(options: Record<string, unknown>) {
  const checks = listOption(options, "check");
  // Commander sets `checks` to false for --no-checks (true otherwise), `worktreeSetup` to false for --no-worktree-setup.
  if (checks && options.checks === false) throw new UsageError("--check and --no-checks contradict each other");
  return {
    worktreeMode: schemaOption(options, "worktree", WorktreeMode),
    targetBranch: schemaOption(options, "targetBranch", TargetBranch),
    landPolicy: schemaOption(options, "land", LandPolicy),
    landStrategy: schemaOption(options, "landStrategy", LandStrategy),
    checks: options.checks === false ? [] : checks,
    worktreeSetup: options.worktreeSetup === false ? null : stringOption(options, "worktreeSetup"),
    remote: schemaOption(options, "remote", Remote),
    // Commander sets `repository` to false for --no-repository.
    repositoryUrl: options.repository === false ? null : schemaOption(options, "repository", RepositoryUrl),
  };
}

/** Whether any setting is named: a patch with none is left out of the request. */
export function namesAny(settings: Record<string, unknown>): boolean {
  return Object.values(settings).some((value) => value !== undefined);
}
