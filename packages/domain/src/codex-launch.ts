import type { AgentProfile } from "./agent";
import { DomainError } from "./errors";
import { MCP_SERVER_NAME } from "./mcp";
import { type SessionMcp, codexMcpFlags } from "./mcp-launch";

/** How much a Codex run may do without asking: Codex's own sandbox, approvals never asked. */
export type CodexAccess = "read-only" | "workspace-write" | "bypass";

/**
 * A profile's `permissionMode` for Codex, in Claude Code's words or Codex's own. Nothing is ever
 * approved interactively (`codex exec` has nobody to ask), so the sandbox alone sets the limits.
 */
const CODEX_ACCESS: Readonly<Record<string, CodexAccess>> = {
  default: "workspace-write",
  acceptEdits: "workspace-write",
  "workspace-write": "workspace-write",
  plan: "read-only",
  "read-only": "read-only",
  bypassPermissions: "bypass",
  "danger-full-access": "bypass",
};

export function codexAccess(permissionMode: string | null): CodexAccess {
  if (permissionMode === null) return "workspace-write";
  if (Object.hasOwn(CODEX_ACCESS, permissionMode)) return CODEX_ACCESS[permissionMode]!;
  throw new DomainError(
    "INVALID_INPUT",
    `codex has no permission mode "${permissionMode}"; use one of ${Object.keys(CODEX_ACCESS).join(", ")}`,
    { field: "permissionMode" },
  );
}

/**
 * The flags for each access level. workspace-write: edits in the working directory (and /tmp),
 * with the network on so the agent's `maestro report` reaches the server (Codex's sandbox turns
 * the network off by default, loopback included). read-only: no edits, no network. bypass: no
 * sandbox at all, for machines that are sandboxed already.
 */
export function codexAccessFlags(access: CodexAccess): string[] {
  const never = ["-c", 'approval_policy="never"'];
  switch (access) {
    case "read-only":
      return ["-s", "read-only", ...never];
    case "workspace-write":
      return ["-s", "workspace-write", "-c", "sandbox_workspace_write.network_access=true", ...never];
    case "bypass":
      return ["--dangerously-bypass-approvals-and-sandbox"];
  }
}

const SANDBOX_FLAGS = ["-s", "--sandbox", "--dangerously-bypass-approvals-and-sandbox"];

/** The profile's own args already choose a sandbox (Codex refuses a flag given twice). */
const choosesSandbox = (args: readonly string[]) =>
  args.some((arg) => SANDBOX_FLAGS.includes(arg) || arg.startsWith("--sandbox=") || /^-s./.test(arg));

/**
 * Codex runs commands in a login shell, and a login shell may reset PATH (Debian's /etc/profile
 * does), dropping the `maestro` the runner put first on it. The runner's environment is the one
 * meant; a profile's own `-c allow_login_shell=true` comes later and wins.
 */
const NO_LOGIN_SHELL = ["-c", "allow_login_shell=false"];

/** A server name Codex's `-c` can address: it splits a key on every dot and takes quotes literally. */
export const CODEX_ADDRESSABLE_SERVER = /^[\w-]+$/;

/**
 * Switches off MCP servers a repository's `.codex/config.toml` declares. Codex starts them, outside
 * its sandbox, in a project it trusts, and `-c mcp_servers={}` does not drop them (Codex 0.171);
 * an agent can write that file, so a server planted by one session would run in the next. The
 * runner refuses to launch when a name is not addressable (CODEX_ADDRESSABLE_SERVER).
 */
export function codexServersOff(names: readonly string[]): string[] {
  return names
    .filter((name) => name !== MCP_SERVER_NAME)
    .flatMap((name) => ["-c", `mcp_servers.${name}.enabled=false`]);
}

/** Codex's prompt argument `-`: read it from stdin (a prompt argument as well would get stdin appended). */
const READ_PROMPT_FROM_STDIN = "-";

/**
 * Everything after Codex's executable: `exec --json`, the sandbox, the model, the profile's args,
 * then `resume <id>` when continuing a conversation, and `-` last: the prompt is read from stdin
 * (`exec` and `exec resume` both). Options go before `resume` (its own option list lacks `-s`);
 * `--skip-git-repo-check` because a project folder need not be a git repository, and Codex
 * refuses to run outside one without it.
 */
export function codexArgs(
  profile: AgentProfile,
  ctx: { resumeId?: string | null; mcp?: SessionMcp | null; repositoryMcpServers?: readonly string[] },
): string[] {
  return [
    "exec",
    "--json",
    ...(profile.args.includes("--skip-git-repo-check") ? [] : ["--skip-git-repo-check"]),
    ...(choosesSandbox(profile.args) ? [] : codexAccessFlags(codexAccess(profile.permissionMode))),
    ...NO_LOGIN_SHELL,
    ...(ctx.mcp ? codexMcpFlags() : []),
    ...codexServersOff(ctx.repositoryMcpServers ?? []),
    ...(profile.model ? ["--model", profile.model] : []),
    ...profile.args,
    ...(ctx.resumeId ? ["resume", ctx.resumeId] : []),
    READ_PROMPT_FROM_STDIN,
  ];
}
