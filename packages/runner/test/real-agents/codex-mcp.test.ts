// The real Codex CLI calling Maestro's MCP server, which the runner configures for every Codex
// session (`-c mcp_servers.maestro.…`: `maestro mcp` over stdio, the session's variables by name).
import { afterEach, describe, expect, it } from "vitest";
import { type CodexWorld, startCodexWorld } from "./codex-world";
import type { RecordedRequest, Turn } from "./responses-stand-in";

let codex: CodexWorld | undefined;
afterEach(async () => {
  await codex?.close();
  codex = undefined;
});

const DONE = "reported through Codex's MCP";

/** Codex offers an MCP server's tools in a namespace of their own, `mcp__<server>`. */
const callMaestro = (name: string, args: Record<string, unknown>): Turn => ({
  kind: "answer",
  items: [{ type: "function", namespace: "mcp__maestro", name, args }],
});

/** What Codex sent back for the previous turn's call. */
function callOutput(request: RecordedRequest): string {
  const input = (request.body?.input ?? []) as Array<{ type: string; output?: unknown }>;
  return JSON.stringify(input.filter((item) => item.type === "function_call_output").at(-1)?.output);
}

describe("the real Codex CLI with Maestro's MCP server", { timeout: 60_000 }, () => {
  it("reports done with maestro's report tool as the session, which may not create a top-level task", async () => {
    codex = await startCodexWorld(
      callMaestro("create_task", { title: "A task of its own" }),
      callMaestro("report", { kind: "done", text: DONE }),
      { kind: "answer", items: [{ type: "message", text: "Reported." }] },
    );
    const { world, standIn } = codex;
    await codex.addProfile("codex-mcp");
    const session = await world.runTask("codex-mcp", "report through MCP");
    const ended = await world.waitForEnd(session.id, 40_000);
    expect(ended).toMatchObject({ status: "succeeded", exitCode: 0, lastReport: DONE });
    expect((await world.client.task.byId.query({ id: session.taskIds[0]! })).status).toBe("done");

    const [first, second, third] = standIn.responseRequests();
    // The server started before the first turn (`required`), so the first call finds it.
    expect(JSON.stringify(first!.body)).toContain("- mcp__maestro: ");
    expect(callOutput(second!)).toMatch(/subtask/i);
    const { items: tasks } = await world.client.task.list.query({ projectId: session.projectId, limit: 500 });
    expect(tasks.filter((task) => task.title === "A task of its own")).toEqual([]);
    expect(callOutput(third!)).toContain(DONE);
    expect(await world.outputsOf(session.id)).toEqual([
      { type: "tool_use", tool: "mcp__maestro__create_task", summary: JSON.stringify({ title: "A task of its own" }) },
      { type: "warning", message: expect.stringMatching(/^mcp__maestro__create_task failed: .*subtask/i) },
      { type: "tool_use", tool: "mcp__maestro__report", summary: JSON.stringify({ kind: "done", text: DONE }) },
      { type: "message", text: "Reported." },
    ]);
  });
});
