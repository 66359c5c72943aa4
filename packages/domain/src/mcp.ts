import type { z } from "zod";
import { oneOf } from "./common";

/** MCP tool tiers: `core` is what an agent needs to work a task (each description costs it context); `all` adds the rest. */
export const MCP_TOOL_TIERS = ["core", "all"] as const;
export const McpToolTier = oneOf(MCP_TOOL_TIERS);
export type McpToolTier = z.infer<typeof McpToolTier>;

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

/** The core tier's tools. */
export const MCP_CORE_TOOLS = [
  "get_task",
  "report",
  "create_task",
  "list_tasks",
  "get_spec",
] as const satisfies readonly McpToolName[];

/** The tools a tier offers. */
export function mcpToolsOf(tier: McpToolTier): readonly McpToolName[] {
  return tier === "all" ? MCP_TOOLS : MCP_CORE_TOOLS;
}

/** The name Maestro's server is configured under in every agent: tools are `mcp__maestro__<tool>` in Claude Code. */
export const MCP_SERVER_NAME = "maestro";

/** The tools `maestro mcp config` prints a hand-written setup for. */
export const MCP_CONFIG_AGENTS = ["claude-code", "codex", "gemini"] as const;
export const McpConfigAgent = oneOf(MCP_CONFIG_AGENTS);
export type McpConfigAgent = z.infer<typeof McpConfigAgent>;
