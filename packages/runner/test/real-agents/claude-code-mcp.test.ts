// The real Claude Code reporting through Maestro's MCP server (`mcp__maestro__report`), which the
// runner configures for every session: `maestro mcp` over stdio, with the session's token.
import { MCP_CORE_TOOLS } from "@maestro/domain";
import { describe, expect, it } from "vitest";
import type { RecordedRequest } from "./anthropic-stand-in";
import { finalText } from "./claude-code";
import { useClaudeWorld } from "./claude-world";

const claudeWorld = useClaudeWorld();

const DONE = "finished through MCP";

/**
 * The Maestro tools a model turn offered: in its tools, or named in its system prompt as deferred
 * tools that ToolSearch loads (Claude Code 2.1 defers MCP tools so).
 */
const maestroToolsOffered = (request: RecordedRequest) =>
  [...new Set(request.raw.match(/mcp__maestro__\w+/g) ?? [])].sort();

/** The tool results a turn sends back (Claude Code's answer to the previous turn's tool uses). */
function toolResults(request: RecordedRequest): Array<{ is_error?: boolean; content: unknown }> {
  const messages = (request.body?.messages ?? []) as Array<{ role: string; content: unknown }>;
  const last = messages.at(-1);
  return Array.isArray(last?.content) ? last.content.filter((block) => block.type === "tool_result") : [];
}

describe("the real Claude Code with Maestro's MCP server", { timeout: 45_000 }, () => {
  it("offers the core tools and reports done with mcp__maestro__report: the task really ends done", async () => {
    const cw = claudeWorld();
    const { world, standIn } = cw;
    const from = standIn.turns().length;
    standIn.script([
      // The server acts as the session, not as the owner: an agent may create subtasks of its own task only.
      { tools: [{ name: "mcp__maestro__create_task", input: { title: "A task of its own" } }] },
      { tools: [{ name: "mcp__maestro__report", input: { kind: "done", text: DONE } }] },
      finalText(),
    ]);
    const session = await world.runTask("claude", "report through MCP");
    const ended = await world.waitForEnd(session.id, 40_000);
    expect(ended).toMatchObject({ status: "succeeded", exitCode: 0, lastReport: DONE });
    expect((await world.client.task.byId.query({ id: session.taskIds[0]! })).status).toBe("done");

    const stdout = await world.logText(session.id, "stdout");
    const init = JSON.parse(stdout.split("\n")[0]!) as { mcp_servers: unknown };
    // Only Maestro's server (--strict-mcp-config), connected.
    expect(init.mcp_servers).toEqual([expect.objectContaining({ name: "maestro", status: "connected" })]);
    const [first, second, third] = standIn.turns().slice(from);
    // The core tier only: every tool description costs the agent context.
    expect(maestroToolsOffered(first!)).toEqual(MCP_CORE_TOOLS.map((tool) => `mcp__maestro__${tool}`).sort());
    // Both calls allowed without asking (print mode cannot ask); the top-level task refused by the API.
    const [refused] = toolResults(second!);
    expect(refused).toMatchObject({ is_error: true });
    expect(JSON.stringify(refused!.content)).toMatch(/subtask/i);
    const { items: tasks } = await world.client.task.list.query({ projectId: session.projectId, limit: 500 });
    expect(tasks.filter((task) => task.title === "A task of its own")).toEqual([]);
    const [reported] = toolResults(third!);
    expect(reported!.is_error ?? false).toBe(false);
    expect(JSON.stringify(reported!.content)).toContain(DONE);
    expect(await world.outputsOf(session.id)).toEqual(
      expect.arrayContaining([
        { type: "tool_use", tool: "mcp__maestro__report", summary: JSON.stringify({ kind: "done", text: DONE }) },
      ]),
    );
    await cw.expectNoSecretStored();
  });
});
