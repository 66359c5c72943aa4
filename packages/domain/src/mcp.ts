import type { z } from "zod";
import { oneOf } from "./common";

/** MCP tool tiers: `core` is what an agent needs to work a task (each description costs it context); `all` adds the rest. */
export const MCP_TOOL_TIERS = ["core", "all"] as const;
export const McpToolTier = oneOf(MCP_TOOL_TIERS);
export type McpToolTier = z.infer<typeof McpToolTier>;
