import { MCP_SERVER_NAME, type McpConfigAgent, type McpToolTier } from "@maestro/domain";

/** How an agent's tool starts `maestro mcp`: never with a token (it reads one the way every command does). */
export interface McpServerLaunch {
  command: string;
  args: string[];
  env: Record<string, string>;
}

/** What a person adds to one agent's configuration by hand. */
export interface McpSetup {
  agent: McpConfigAgent;
  tools: McpToolTier;
  server: McpServerLaunch;
  /** Where the snippet goes. */
  file: string;
  snippet: string;
  /** The tool's own command that adds the server instead, where it has one that says everything. */
  addCommand: string | null;
}

export interface McpLaunchInput {
  /** How to run this CLI, e.g. [node, …/bin/maestro.js] or ["maestro"]. */
  maestro: string[];
  url: string;
  tools: McpToolTier;
  /** A MAESTRO_HOME other than ~/.maestro: where `maestro mcp` finds the owner token. */
  maestroHome: string | undefined;
}

export function mcpServerLaunch({ maestro, url, tools, maestroHome }: McpLaunchInput): McpServerLaunch {
  const [command, ...rest] = maestro;
  return {
    command: command ?? "maestro",
    args: [...rest, "mcp", "--url", url, "--tools", tools],
    env: maestroHome ? { MAESTRO_HOME: maestroHome } : {},
  };
}

/** Quoted for a POSIX shell only where it has to be, so the usual command stays readable. */
export function shellQuote(arg: string): string {
  return /^[\w/.:=@%+,-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}

const withEnv = (server: McpServerLaunch) => (Object.keys(server.env).length > 0 ? { env: server.env } : {});

const asJson = (servers: Record<string, unknown>) => JSON.stringify({ mcpServers: servers }, null, 2);

function claudeSetup(server: McpServerLaunch): Omit<McpSetup, "agent" | "tools"> {
  const env = Object.entries(server.env).flatMap(([name, value]) => ["-e", `${name}=${value}`]);
  const add = [
    "claude",
    "mcp",
    "add",
    "--scope",
    "user",
    MCP_SERVER_NAME,
    ...env,
    "--",
    server.command,
    ...server.args,
  ];
  const entry = { type: "stdio", command: server.command, args: server.args, ...withEnv(server) };
  return {
    server,
    file: ".mcp.json (one project), or the command for every project",
    snippet: asJson({ [MCP_SERVER_NAME]: entry }),
    addCommand: add.map(shellQuote).join(" "),
  };
}

// JSON's string escapes are TOML's basic-string escapes, so JSON.stringify writes TOML strings.
const toml = (value: string | readonly string[]): string =>
  typeof value === "string" ? JSON.stringify(value) : `[${value.map((item) => toml(item)).join(", ")}]`;

/**
 * Codex starts a stdio server with a base environment only (PATH, HOME, …): `env_vars` passes a
 * MAESTRO_TOKEN of the shell on, else `maestro mcp` reads the owner token under HOME.
 */
function codexSetup(server: McpServerLaunch): Omit<McpSetup, "agent" | "tools"> {
  const env = Object.entries(server.env).map(([name, value]) => `${name} = ${toml(value)}`);
  const lines = [
    `[mcp_servers.${MCP_SERVER_NAME}]`,
    `command = ${toml(server.command)}`,
    `args = ${toml(server.args)}`,
    `env_vars = ${toml(["MAESTRO_TOKEN"])}`,
    ...(env.length > 0 ? [`env = { ${env.join(", ")} }`] : []),
  ];
  return { server, file: "~/.codex/config.toml", snippet: lines.join("\n"), addCommand: null };
}

function geminiSetup(server: McpServerLaunch): Omit<McpSetup, "agent" | "tools"> {
  const entry = { command: server.command, args: server.args, ...withEnv(server) };
  return {
    server,
    file: "~/.gemini/settings.json (its mcpServers)",
    snippet: asJson({ [MCP_SERVER_NAME]: entry }),
    addCommand: null,
  };
}

const SETUPS: Record<McpConfigAgent, (server: McpServerLaunch) => Omit<McpSetup, "agent" | "tools">> = {
  "claude-code": claudeSetup,
  codex: codexSetup,
  gemini: geminiSetup,
};

export function mcpSetup(agent: McpConfigAgent, input: McpLaunchInput): McpSetup {
  return { agent, tools: input.tools, ...SETUPS[agent](mcpServerLaunch(input)) };
}
