import type { AgentAdapter, AgentProfile } from "./agent";
import { codexArgs } from "./codex-launch";
import { DomainError } from "./errors";
import { PROMPT_FILE_PLACEHOLDER, assertLaunchTemplate } from "./launch-template";
import {
  CLAUDE_MCP_ALLOWED_TOOLS,
  type McpJsonConfig,
  type SessionMcp,
  claudeMcpConfig,
  claudeMcpFlags,
} from "./mcp-launch";

/** How each adapter's output is read: structured events, or plain text lines. */
export type OutputFormat =
  "claude-stream-json" | "codex-json" | "gemini-stream-json" | "opencode-json" | "aider-text" | "text";

/**
 * What a launch is built from. The prompt itself is not here, on purpose: it never reaches argv
 * (visible to every local user in `ps`, and capped near 128 KB per argument). Agents read it on
 * stdin or from the prompt file.
 */
export interface LaunchContext {
  /** Where the runner wrote the prompt (0600, in the session's directory). */
  promptFile: string;
  /** The task's `command`, for the shell adapter. */
  command: string | null;
  /** The agent's own conversation id to continue (adapters in RESUMING_ADAPTERS), or null to start anew. */
  resumeId?: string | null;
  /** Maestro's MCP server is configured for the agent (Claude Code, Codex); absent: the CLI only. */
  mcp?: SessionMcp | null;
  /**
   * MCP servers the repository's own Codex config declares (`.codex/config.toml`), which Codex
   * would start in a project it trusts: the session switches each one off.
   */
  repositoryMcpServers?: readonly string[];
}

export interface LaunchSpec {
  argv: string[];
  output: OutputFormat;
  /** "prompt": the runner feeds the prompt file to the agent's stdin; null: stdin is empty. */
  stdin: "prompt" | null;
  /** A config file the runner writes to `ctx.mcp.configFile` (0600) before spawning, if any. */
  mcpConfig?: McpJsonConfig;
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
const CLAUDE_MAY_REPORT = "Bash(maestro *)";

/** What a session may do without asking: report with `maestro`, and Maestro's MCP tools when it has them. */
const claudeAllowedTools = (ctx: LaunchContext) =>
  `--allowedTools=${[CLAUDE_MAY_REPORT, ...(ctx.mcp ? CLAUDE_MCP_ALLOWED_TOOLS : [])].join(",")}`;

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
    claudeAllowedTools(ctx),
    ...(ctx.mcp ? claudeMcpFlags(ctx.mcp) : []),
    ...profile.args,
  ],
  output: "claude-stream-json",
  // `claude -p` with no prompt argument reads the prompt from stdin (resumed runs too).
  stdin: "prompt",
  ...(ctx.mcp ? { mcpConfig: claudeMcpConfig() } : {}),
});

const launchCodex: Launcher = (profile, ctx) => ({
  argv: [...tool(profile, "codex"), ...codexArgs(profile, ctx)],
  output: "codex-json",
  stdin: "prompt",
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
// would silently turn the approval mode back to "default". With stdin not a terminal and no
// `--prompt`, Gemini CLI runs headless on what it reads from stdin (it would prepend stdin to a
// `--prompt` given too, so none is).
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
  ],
  output: "gemini-stream-json",
  stdin: "prompt",
});

// Aider reads its one message from a file (`--message-file`) and exits; stdin stays empty.
const launchAider: Launcher = (profile, ctx) => ({
  argv: [
    ...tool(profile, "aider"),
    "--yes-always",
    "--no-pretty",
    ...model(profile, "--model"),
    ...profile.args,
    "--message-file",
    ctx.promptFile,
  ],
  output: "aider-text",
  stdin: null,
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
  ],
  output: "opencode-json",
  // `opencode run` with no message argument takes its message from stdin.
  stdin: "prompt",
});

/**
 * The profile's argv template with `{promptFile}` elements replaced by the file's path; the
 * prompt is on stdin as well. A stored template that add/update would refuse now (a legacy
 * `{prompt}`) fails here, before anything is spawned, rather than put the prompt in argv.
 */
const launchCustom: Launcher = (profile, ctx) => {
  if (!profile.command?.length) {
    throw new DomainError("INVALID_INPUT", `agent ${profile.name} has no command`, { field: "command" });
  }
  assertLaunchTemplate(profile);
  const fill = (part: string) => (part === PROMPT_FILE_PLACEHOLDER ? ctx.promptFile : part);
  return { argv: [...profile.command.map(fill), ...profile.args], output: "text", stdin: "prompt" };
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
  // Its stdin stays empty: the command is the task's, not an agent reading a prompt.
  return { argv: ["sh", "-c", ctx.command, ...profile.args], output: "text", stdin: null };
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
 * The argv that runs an agent non-interactively, the way each tool is meant to be scripted, and
 * how it gets its prompt (stdin or the prompt file; never argv). Always an argv array: nothing
 * here is ever joined into a shell string.
 */
export function buildLaunch(profile: AgentProfile, ctx: LaunchContext): LaunchSpec {
  return LAUNCHERS[profile.adapter](profile, ctx);
}
