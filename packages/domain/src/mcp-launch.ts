import { MCP_CORE_TOOLS, MCP_SERVER_NAME, type McpToolTier } from "./mcp";

/**
 * How an agent session reaches Maestro's MCP server: its tool runs `maestro mcp` over stdio (the
 * `maestro` shim on its PATH), which calls the API with the session's MAESTRO_URL and
 * MAESTRO_TOKEN from the environment it inherits. So no token is ever written to a file or argv,
 * and it works wherever `maestro report` does — inside a sandbox with the network off too, where
 * MAESTRO_URL is a Unix socket an HTTP MCP client could not reach.
 */
export interface SessionMcp {
  /** Where the runner writes a tool's MCP config file (0600, in the session's directory). */
  configFile: string;
}

/** Agents get the core tools: each tool's description costs them context on every turn. */
export const SESSION_MCP_TIER: McpToolTier = "core";

/** `maestro mcp` as the agent's tool starts it. */
export const sessionMcpArgs = (tier: McpToolTier = SESSION_MCP_TIER) => ["mcp", "--tools", tier];

/** What `maestro mcp` reads from its environment to act as the session; passed by name only. */
export const SESSION_MCP_ENV_NAMES = [
  "MAESTRO_URL",
  "MAESTRO_TOKEN",
  "MAESTRO_SESSION_ID",
  "MAESTRO_PROJECT_ID",
  "MAESTRO_TASK_ID",
  "MAESTRO_TASK_IDS",
] as const;

export interface McpJsonConfig {
  mcpServers: Record<string, { type: "stdio"; command: string; args: string[] }>;
}

/**
 * Claude Code's `--mcp-config` file. It holds no secret: Claude Code starts a stdio server with
 * its own environment (checked with Claude Code 2.1.332), which carries the session's token.
 */
export function claudeMcpConfig(): McpJsonConfig {
  return { mcpServers: { [MCP_SERVER_NAME]: { type: "stdio", command: "maestro", args: sessionMcpArgs() } } };
}

/** Claude Code's permission rules for the core tools: print mode cannot ask, so they are allowed up front. */
export const CLAUDE_MCP_ALLOWED_TOOLS = MCP_CORE_TOOLS.map((tool) => `mcp__${MCP_SERVER_NAME}__${tool}`);

/**
 * `--strict-mcp-config`: only Maestro's server (and any `--mcp-config` the profile's args add).
 * A repository's .mcp.json is the agent's to edit, so it could otherwise plant a server that runs
 * any command in the next session; and a hand-added `maestro` server holding the owner's token
 * must never stand in for the session's.
 */
export const claudeMcpFlags = (mcp: SessionMcp) => ["--mcp-config", mcp.configFile, "--strict-mcp-config"];

const toml = (value: unknown) => JSON.stringify(value);

/**
 * Codex's stdio server, set with `-c` (a profile's own `-c mcp_servers.maestro.…` comes later and
 * wins). Codex gives a stdio server only a base environment (PATH, HOME, …) plus the variables
 * `env_vars` names, so the session's are named — their values never reach argv. Its tools are
 * approved up front (`codex exec` has nobody to ask). `required`: `codex exec` otherwise starts
 * the first turn without a server still starting (checked with Codex 0.171), and waits up to 30 s.
 */
export function codexMcpFlags(): string[] {
  const key = `mcp_servers.${MCP_SERVER_NAME}`;
  return [
    ...["-c", `${key}.command=${toml("maestro")}`],
    ...["-c", `${key}.args=${toml(sessionMcpArgs())}`],
    ...["-c", `${key}.env_vars=${toml(SESSION_MCP_ENV_NAMES)}`],
    ...["-c", `${key}.default_tools_approval_mode=${toml("approve")}`],
    ...["-c", `${key}.required=true`, "-c", `${key}.startup_timeout_sec=30`],
  ];
}
