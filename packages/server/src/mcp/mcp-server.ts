import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { PROJECT_TOOLS } from "./project-tools";
import { SESSION_TOOLS } from "./session-tools";
import { TASK_TOOLS } from "./task-tools";
import type { McpApi, McpSelf } from "./mcp-api";
import type { McpToolTier } from "@maestro/domain";
import type { McpTool } from "./tool-kit";

/** Every tool; their names are part of the contract with agents' configurations. */
export const MCP_TOOLS: readonly McpTool[] = [...TASK_TOOLS, ...SESSION_TOOLS, ...PROJECT_TOOLS];

/** The tools of a tier: `core` ones only, or all of them. */
export function toolsOfTier(tier: McpToolTier): McpTool[] {
  return MCP_TOOLS.filter((tool) => tier === "all" || tool.tier === "core");
}

/** Agents get the core tools unless asked otherwise (every description costs them context); people get all. */
export function defaultTier(self: McpSelf): McpToolTier {
  return self ? "core" : "all";
}

export interface McpServerOptions {
  api: McpApi;
  self: McpSelf;
  tier: McpToolTier;
  log: (line: string) => void;
}

const INSTRUCTIONS =
  "Maestro tracks this work as tasks in projects. Inside a session, `get_task` (no arguments) is your task; " +
  "`report` says how it goes (done when finished); subtasks go under your task with `create_task` and `parent`.";

/** Maestro's MCP server with the tools of one tier, calling Maestro through `api`. */
export function createMcpServer(options: McpServerOptions): McpServer {
  const server = new McpServer({ name: "maestro", version: "0.1.0" }, { instructions: INSTRUCTIONS });
  const ctx = { api: options.api, self: options.self, log: options.log };
  for (const tool of toolsOfTier(options.tier)) tool.register(server, ctx);
  return server;
}
