import type { AgentAdapter, AgentProfile } from "./agent";
import { codexArgs } from "./codex-launch";
import { DomainError } from "./errors";

/** How each adapter's output is read: structured events, or plain text lines. */
export type OutputFormat =
  "claude-stream-json" | "codex-json" | "gemini-stream-json" | "opencode-json" | "aider-text" | "text";

export interface LaunchContext {
  prompt: string;
  promptFile: string;
  /** The task's `command`, for the shell adapter. */
  command: string | null;
  /** The agent's own conversation id to continue (adapters in RESUMING_ADAPTERS), or null to start anew. */
  resumeId?: string | null;
}

export interface LaunchSpec {
  argv: string[];
  output: OutputFormat;
}

type Launcher = (profile: AgentProfile, ctx: LaunchContext) => LaunchSpec;

const model = (profile: AgentProfile, flag: string) => (profile.model ? [flag, profile.model] : []);

/** A built-in adapter's executable can be replaced (another install, a wrapper); its flags stay. */
const tool = (profile: AgentProfile, name: string) => (profile.command?.length ? profile.command : [name]);

/**
 * In print mode nobody answers Claude Code's permission prompts, so what a prompt would ask is
 * refused: without a mode of its own a session may edit its working directory (acceptEdits) and,
 * whatever the mode, run `maestro` to report (its prompt tells it to).
 */
const CLAUDE_DEFAULT_PERMISSION_MODE = "acceptEdits";
const CLAUDE_MAY_REPORT = "--allowedTools=Bash(maestro *)";

/**
 * The prompt goes last, after `--`: a prompt is text, and one that starts with "-" (a project's
 * template may open with a list) must never be read as an option. Tools that take it as an
 * option's value get it in the `--option=value` form for the same reason.
 */
const END_OF_OPTIONS = "--";

const launchClaudeCode: Launcher = (profile, ctx) => ({
  argv: [
    ...tool(profile, "claude"),
    "-p",
    "--output-format",
    "stream-json",
    "--verbose",
    ...(ctx.resumeId ? ["--resume", ctx.resumeId] : []),
    ...model(profile, "--model"),
    "--permission-mode",
    profile.permissionMode ?? CLAUDE_DEFAULT_PERMISSION_MODE,
    CLAUDE_MAY_REPORT,
    ...profile.args,
    END_OF_OPTIONS,
    ctx.prompt,
  ],
  output: "claude-stream-json",
});

const launchCodex: Launcher = (profile, ctx) => ({
  argv: [...tool(profile, "codex"), ...codexArgs(profile, ctx)],
  output: "codex-json",
});

/**
 * Gemini CLI's approval mode per permission mode. By default it may edit files and run `maestro`
 * (to report) without asking; `bypassPermissions`/`yolo` allows every tool, `plan` is read-only.
 * A headless Gemini cannot ask, so a tool that would need approval is simply unavailable.
 */
function geminiApproval(mode: string | null): string[] {
  switch (mode) {
    case null:
    case "acceptEdits":
    case "auto_edit":
      return ["--approval-mode", "auto_edit", "--allowed-tools", "run_shell_command(maestro)"];
    case "bypassPermissions":
    case "yolo":
      return ["--approval-mode", "yolo"];
    default:
      return ["--approval-mode", mode];
  }
}

// --skip-trust: Maestro runs agents in the project the user registered; an untrusted folder
// would silently turn the approval mode back to "default".
const launchGemini: Launcher = (profile, ctx) => ({
  argv: [
    ...tool(profile, "gemini"),
    "--output-format",
    "stream-json",
    "--skip-trust",
    ...geminiApproval(profile.permissionMode),
    ...(ctx.resumeId ? ["--resume", ctx.resumeId] : []),
    ...model(profile, "--model"),
    ...profile.args,
    `--prompt=${ctx.prompt}`,
  ],
  output: "gemini-stream-json",
});

const launchAider: Launcher = (profile, ctx) => ({
  argv: [
    ...tool(profile, "aider"),
    "--yes-always",
    "--no-pretty",
    ...model(profile, "--model"),
    ...profile.args,
    `--message=${ctx.prompt}`,
  ],
  output: "aider-text",
});

/**
 * OpenCode's `run` allows edits and commands by default and rejects what would need asking;
 * `bypassPermissions`/`yolo` approve those too (`--auto`), `plan` runs its read-only plan agent.
 */
function opencodePermission(mode: string | null): string[] {
  if (mode === "bypassPermissions" || mode === "yolo") return ["--auto"];
  if (mode === "plan") return ["--agent", "plan"];
  return [];
}

const launchOpencode: Launcher = (profile, ctx) => ({
  argv: [
    ...tool(profile, "opencode"),
    "run",
    "--format",
    "json",
    ...opencodePermission(profile.permissionMode),
    ...(ctx.resumeId ? ["--session", ctx.resumeId] : []),
    ...model(profile, "--model"),
    ...profile.args,
    END_OF_OPTIONS,
    ctx.prompt,
  ],
  output: "opencode-json",
});

/** The profile's argv template, placeholders filled in, each in its own argv element. */
const launchCustom: Launcher = (profile, ctx) => {
  if (!profile.command?.length) {
    throw new DomainError("INVALID_INPUT", `agent ${profile.name} has no command`, { field: "command" });
  }
  const fill = (part: string) => part.replaceAll("{prompt}", ctx.prompt).replaceAll("{promptFile}", ctx.promptFile);
  return { argv: [...profile.command.map(fill), ...profile.args], output: "text" };
};

const launchShell: Launcher = (profile, ctx) => {
  if (!ctx.command) {
    throw new DomainError(
      "INVALID_INPUT",
      "the shell agent runs the task's command, and this task has none (set it with --command)",
      { field: "command" },
    );
  }
  // The user wrote a shell command on purpose; it is handed to sh as one argv element.
  return { argv: ["sh", "-c", ctx.command, ...profile.args], output: "text" };
};

/** One launcher per adapter: a new adapter does not typecheck until it says how it is run. */
const LAUNCHERS: Record<AgentAdapter, Launcher> = {
  "claude-code": launchClaudeCode,
  codex: launchCodex,
  gemini: launchGemini,
  aider: launchAider,
  opencode: launchOpencode,
  custom: launchCustom,
  shell: launchShell,
};

/**
 * The argv that runs an agent non-interactively, the way each tool is meant to be scripted.
 * Always an argv array: nothing here is ever joined into a shell string.
 */
export function buildLaunch(profile: AgentProfile, ctx: LaunchContext): LaunchSpec {
  return LAUNCHERS[profile.adapter](profile, ctx);
}
