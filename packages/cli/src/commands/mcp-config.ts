import { McpConfigAgent, McpToolTier } from "@maestro/domain";
import { type CommandContext, type CommandSpec, schemaOption, stringOption } from "../command";
import { maestroHome } from "../env";
import { type McpSetup, mcpSetup } from "../mcp-setup";
import { maestroBinPath } from "../workspace";

const AGENT_NAMES: Record<McpConfigAgent, string> = {
  "claude-code": "Claude Code",
  codex: "Codex",
  gemini: "Gemini CLI",
};

/**
 * This install by absolute paths (Node and the CLI's entry), so the tool can start it from any
 * project without `maestro` on its PATH; `--command` names another (e.g. `maestro`).
 */
function maestroCommand(options: Record<string, unknown>): string[] {
  const command = stringOption(options, "command");
  return command ? [command] : [process.execPath, maestroBinPath()];
}

function renderSetup(setup: McpSetup, ctx: CommandContext): string {
  const { dim } = ctx.output.colors;
  const lines = [dim(`# ${AGENT_NAMES[setup.agent]}: add to ${setup.file}`), setup.snippet];
  if (setup.addCommand) lines.push("", dim("# or, for every project:"), setup.addCommand);
  const tokenHome = setup.server.env.MAESTRO_HOME ?? maestroHome(ctx.env);
  lines.push(
    "",
    dim(`# No token in it: \`maestro mcp\` presents $MAESTRO_TOKEN, else the owner token in ${tokenHome}/token.`),
  );
  return lines.join("\n");
}

/** `maestro mcp config --agent …`: the snippet a person adds by hand (agent sessions get MCP on their own). */
export const mcpConfig: CommandSpec = {
  path: ["mcp", "config"],
  summary: "print how to add Maestro's MCP server to Claude Code, Codex or Gemini CLI by hand",
  options: [
    { flags: "--agent <agent>", description: "the agent's tool", schema: McpConfigAgent, required: true },
    { flags: "--tools <tier>", description: "core (the default: what an agent needs) or all", schema: McpToolTier },
    { flags: "--command <path>", description: "the maestro to run (default: this install, by absolute path)" },
  ],
  examples: [
    "maestro mcp config --agent claude-code",
    "maestro mcp config --agent codex --tools all >> ~/.codex/config.toml",
    "maestro mcp config --agent gemini --command maestro --json",
  ],
  async run(ctx, _args, options) {
    const setup = mcpSetup(schemaOption(options, "agent", McpConfigAgent)!, {
      maestro: maestroCommand(options),
      url: ctx.url,
      tools: schemaOption(options, "tools", McpToolTier) ?? "core",
      maestroHome: ctx.env.MAESTRO_HOME || undefined,
    });
    ctx.output.result(setup, () => renderSetup(setup, ctx));
  },
};
