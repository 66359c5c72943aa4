import { MCP_CORE_TOOLS, MCP_TOOLS, mcpToolsOf } from "@maestro/domain";
import { describe, expect, it } from "vitest";
import { MCP_TOOLS as SERVED, toolsOfTier } from "../src/mcp/mcp-server";

// Agents' launches name the tools in the domain's lists (Claude Code's --allowedTools): the server
// must serve exactly those, tier for tier, or an agent would be refused a tool it is offered.
describe("the MCP tools served and the names agents are configured with", () => {
  it("are the same, tier for tier", () => {
    const names = (tools: ReadonlyArray<{ name: string }>) => tools.map((tool) => tool.name).sort();
    expect(names(SERVED)).toEqual([...MCP_TOOLS].sort());
    expect(names(toolsOfTier("core"))).toEqual([...MCP_CORE_TOOLS].sort());
    for (const tier of ["core", "all"] as const) {
      expect(names(toolsOfTier(tier))).toEqual([...mcpToolsOf(tier)].sort());
    }
  });
});
