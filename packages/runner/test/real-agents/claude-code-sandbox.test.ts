// The real Claude Code under bubblewrap: it starts from its install (found through its npm
// prefix), keeps its state in its own folder, edits its working directory and reports to Maestro.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NOTES, allowlist, finalText, reportDone, writeNotes } from "./claude-code";
import { useClaudeWorld } from "./claude-world";

const claudeWorld = useClaudeWorld();

describe("the real Claude Code in a bwrap sandbox", { timeout: 60_000 }, () => {
  it("edits its working directory and reports done, as outside it", async () => {
    const { world, standIn, claude } = claudeWorld();
    await world.client.agent.add.mutate({
      name: "claude-boxed",
      adapter: "claude-code",
      command: [claude],
      envAllowlist: allowlist("ANTHROPIC_API_KEY"),
      sandbox: "bwrap",
    });
    standIn.script([writeNotes(), reportDone(), finalText()]);
    const session = await world.runTask("claude-boxed", "write the notes in a sandbox");
    const ended = await world.waitForEnd(session.id, 45_000);
    expect(ended).toMatchObject({ status: "succeeded", exitCode: 0, lastReport: "wrote notes.md" });
    expect(readFileSync(join(world.rootDir, "notes.md"), "utf8")).toBe(NOTES);
    const manifest = await world.client.session.manifest.query({ id: session.id });
    expect(manifest.argv?.[0]).toMatch(/\/bwrap$/);
    // Maestro's MCP server (`maestro mcp`, the shim bound into the sandbox) started inside it too.
    const init = JSON.parse((await world.logText(session.id, "stdout")).split("\n")[0]!) as { mcp_servers: unknown };
    expect(init.mcp_servers).toEqual([expect.objectContaining({ name: "maestro", status: "connected" })]);
  });
});
