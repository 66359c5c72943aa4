// The real Claude Code (the pinned CLI) as a Maestro session, through a real server and runner,
// talking only to a scripted Anthropic API stand-in on loopback.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CLAUDE_MCP_ALLOWED_TOOLS, parseClaudeLine } from "@maestro/domain";
import { describe, expect, it } from "vitest";
import {
  NOTES,
  allowlist,
  finalText,
  forcePush,
  overloaded,
  rateLimited,
  reportBlockedWithoutReason,
  reportDone,
  writeNotes,
} from "./claude-code";
import { useClaudeWorld } from "./claude-world";

const claudeWorld = useClaudeWorld();

describe("the real Claude Code as a Maestro session", { timeout: 30_000 }, () => {
  it("edits the working directory, reports, and records its tokens and cost; its API key reaches the API only", async () => {
    const cw = claudeWorld();
    const { world, standIn } = cw;
    const from = standIn.turns().length;
    standIn.script([writeNotes(), reportDone(), finalText()]);
    const session = await world.runTask("claude", "write the notes");
    const ended = await world.waitForEnd(session.id, 25_000);
    const stdout = await world.logText(session.id, "stdout");
    const lines = stdout.trim().split("\n");
    const init = JSON.parse(lines[0]!) as { session_id: string; model: string };
    const result = JSON.parse(lines.at(-1)!) as { total_cost_usd: number };
    expect(ended).toMatchObject({
      status: "succeeded",
      exitCode: 0,
      lastReport: "wrote notes.md",
      tokensIn: 8_000,
      tokensOut: 450,
      agentSessionId: init.session_id,
    });
    expect(ended.costUsd).toBeGreaterThan(0);
    expect(ended.costUsd).toBeCloseTo(result.total_cost_usd, 10);
    expect((await world.client.task.byId.query({ id: session.taskIds[0]! })).status).toBe("done");
    const notes = join(world.rootDir, "notes.md");
    expect(readFileSync(notes, "utf8")).toBe(NOTES);
    expect(await world.outputsOf(session.id)).toEqual([
      { type: "message", text: "I'll write the notes." },
      { type: "tool_use", tool: "Write", summary: notes },
      { type: "file_edit", path: notes },
      { type: "tool_use", tool: "Bash", summary: 'maestro report done "wrote notes.md"' },
      { type: "message", text: "Wrote notes.md and reported done." },
    ]);
    expect(lines.flatMap(parseClaudeLine).at(-1)).toMatchObject({ type: "usage", model: init.model });
    const manifest = await world.client.session.manifest.query({ id: session.id });
    expect(manifest.argv).toEqual([
      cw.claude,
      ...["-p", "--output-format", "stream-json", "--verbose"],
      ...[
        "--permission-mode",
        "acceptEdits",
        `--allowedTools=${["Bash(maestro *)", ...CLAUDE_MCP_ALLOWED_TOOLS].join(",")}`,
      ],
      ...["--mcp-config", join(world.home, "sessions", session.id, "mcp.json"), "--strict-mcp-config"],
    ]);
    expect(manifest.envNames).toEqual(expect.arrayContaining(["ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL"]));
    expect(manifest.envNames).not.toContain("CLAUDE_CODE_OAUTH_TOKEN");

    // Three model turns, each with the key in its header; the key nowhere else in any request.
    const turns = standIn.turns().slice(from);
    expect(turns).toHaveLength(3);
    for (const turn of turns) {
      expect(turn.headers["x-api-key"]).toBe(cw.apiKey);
      expect(turn.headers.authorization).toBeUndefined();
    }
    for (const request of standIn.requests) expect(request.url + request.raw).not.toContain(cw.apiKey);
    await cw.expectNoSecretStored();
    cw.pin("success", stdout, { cwd: world.rootDir, sessionId: init.session_id });
  });

  it("tells what it carries on from apart from errors: a retried API call, a refused tool, a failed command", async () => {
    const cw = claudeWorld();
    const { world, standIn } = cw;
    standIn.script([overloaded, forcePush, reportBlockedWithoutReason, finalText()]);
    const session = await world.runTask("claude", "push it");
    const ended = await world.waitForEnd(session.id, 25_000);
    expect(ended).toMatchObject({ status: "succeeded", exitCode: 0 });
    expect((await world.outputsOf(session.id)).filter((event) => event.type !== "message")).toEqual([
      { type: "warning", message: "API error 529 (overloaded): retrying, attempt 1 of 10" },
      { type: "tool_use", tool: "Bash", summary: "git push --force" },
      { type: "warning", message: "Bash was not permitted: This command requires approval" },
      { type: "tool_use", tool: "Bash", summary: "maestro report blocked" },
      { type: "warning", message: expect.stringMatching(/^Exit code [1-9]/) },
    ]);
    const stdout = await world.logText(session.id, "stdout");
    cw.pin("warnings", stdout, { cwd: world.rootDir, sessionId: ended.agentSessionId! });
  });

  it("waits after an API key's rate-limit refusal too, for a back-off since it names no reset time", async () => {
    const cw = claudeWorld();
    const { world, standIn } = cw;
    await world.client.agent.add.mutate({
      name: "claude-limited",
      adapter: "claude-code",
      command: [cw.claude],
      envAllowlist: allowlist("ANTHROPIC_API_KEY"),
    });
    standIn.script([rateLimited]);
    const session = await world.runTask("claude-limited", "hit the rate limit");
    const waiting = await world.waitFor(
      () => world.client.session.byId.query({ id: session.id }),
      (found) => found.status === "waiting",
      15_000,
    );
    expect(waiting.error).toMatch(/^agent claude-limited hit a usage limit; resumes at /);
    expect(await world.outputsOf(session.id)).toEqual([
      { type: "usage_limit", message: expect.stringMatching(/^API Error: Request rejected \(429\)/), resetAt: null },
    ]);
    const stdout = await world.logText(session.id, "stdout");
    cw.pin("rate-limited", stdout, { cwd: world.rootDir, sessionId: waiting.agentSessionId! });
    await world.client.session.stop.mutate({ id: session.id });
  });
});
