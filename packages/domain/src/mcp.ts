import { z } from "zod";

/** Maestro's MCP tools. The names are part of the contract: agents' permission rules name them. */
export const MCP_TOOLS = [
  "list_projects",
  "list_tasks",
  "get_task",
  "create_task",
  "update_task",
  "report",
  "get_spec",
  "list_sessions",
  "get_session_log",
] as const;
export type McpToolName = (typeof MCP_TOOLS)[number];

/** What an agent needs to work its task: every tool description costs it context, so the rest is opt-in. */
export const MCP_CORE_TOOLS = [
  "get_task",
  "report",
  "create_task",
  "list_tasks",
  "get_spec",
] as const satisfies readonly McpToolName[];

export const MCP_TIERS = ["core", "all"] as const;
export const McpTier = z.enum(MCP_TIERS);
export type McpTier = z.infer<typeof McpTier>;

/** The tools a tier offers. */
export function mcpToolsOf(tier: McpTier): readonly McpToolName[] {
  return tier === "all" ? MCP_TOOLS : MCP_CORE_TOOLS;
}

/** The name Maestro's server is configured under in every agent: tools are `mcp__maestro__<tool>` in Claude Code. */
export const MCP_SERVER_NAME = "maestro";

/** The tools `maestro mcp config` prints a hand-written setup for. */
export const MCP_CONFIG_AGENTS = ["claude-code", "codex", "gemini"] as const;
export const McpConfigAgent = z.enum(MCP_CONFIG_AGENTS);
export type McpConfigAgent = z.infer<typeof McpConfigAgent>;
