// The real Claude Code continuing its own conversation: after a usage-limit wait, on `session
// resume`, and starting afresh when the conversation it should continue is gone.
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { parseClaudeLine } from "@maestro/domain";
import { describe, expect, it } from "vitest";
import { usageLimitTurn, usageWarningHeaders } from "./anthropic-limits";
import {
  NOTES,
  conversationFile,
  conversationText,
  finalText,
  reportDone,
  serverError,
  writeNotes,
} from "./claude-code";
import { useClaudeWorld } from "./claude-world";
import { promptFed } from "./scripted-sessions";

const claudeWorld = useClaudeWorld();

const argvOf = async (sessionId: string) =>
  (await claudeWorld().world.client.session.manifest.query({ id: sessionId })).argv ?? [];

/** The start of a prompt as it appears inside a request's JSON. */
const quoted = (prompt: string) => JSON.stringify(prompt).slice(1, 60);

// Each test waits twice (for the first run, then for the resumed one), 50 s at the most.
describe("the real Claude Code resuming its conversation", { timeout: 60_000 }, () => {
  it("waits out a usage limit until the reset it states, then the same session continues the conversation", async () => {
    const cw = claudeWorld();
    const { world, standIn } = cw;
    // The reset is 4 s after the limit is hit, whenever that is (Claude Code starts its MCP servers first).
    let resetAt = new Date(0);
    const hitLimit = () => {
      resetAt = new Date((Math.floor(Date.now() / 1000) + 4) * 1000);
      return usageLimitTurn(resetAt);
    };
    const nextReset = () => new Date(resetAt.getTime() + 5 * 3_600_000);
    const from = standIn.turns().length;
    // After the reset the API also warns that the next limit is near.
    const nearLimit = () => ({ ...finalText(), headers: usageWarningHeaders(0.92, nextReset()) });
    standIn.script([hitLimit, reportDone(), nearLimit]);
    const session = await world.runTask("claude-sub", "write more notes");
    const waiting = await world.waitFor(
      () => world.client.session.byId.query({ id: session.id }),
      (found) => found.status === "waiting",
      15_000,
    );
    expect(waiting.error).toBe(`agent claude-sub hit a usage limit; resumes at ${resetAt.toISOString()}`);
    const status = await world.client.autopilot.status.query({ projectId: "RUN" });
    const pause = status.limits.agents.find((agent) => agent.agent === "claude-sub");
    expect(pause?.pausedUntil).toBe(resetAt.toISOString());
    expect(await world.outputsOf(session.id)).toEqual([
      {
        type: "usage_limit",
        message: expect.stringMatching(/^You've hit your 5-hour limit · resets /),
        resetAt: resetAt.toISOString(),
      },
    ]);
    const firstRun = await world.logText(session.id, "stdout");
    const conversation = { cwd: world.rootDir, sessionId: waiting.agentSessionId! };
    cw.pin("usage-limit", firstRun, conversation);

    // Queued again once the limit has reset: the same session, resuming Claude's conversation.
    const ended = await world.waitForEnd(session.id, 25_000);
    expect(ended).toMatchObject({ status: "succeeded", lastReport: "wrote notes.md", cwd: world.rootDir });
    expect(Date.now()).toBeGreaterThanOrEqual(resetAt.getTime());
    const argv = await argvOf(session.id);
    // The resume prompt went on stdin, to `claude -p --resume <id>` with no prompt argument.
    const resumePrompt = await promptFed(world, session.id);
    expect(resumePrompt).toMatch(/^Maestro is resuming this session: it was paused by a usage limit/);
    expect(argv.slice(5, 7)).toEqual(["--resume", waiting.agentSessionId]);
    const resumed = standIn.turns()[from + 1]!;
    expect(resumed.headers.authorization).toBe(`Bearer ${cw.oauthToken}`);
    expect(conversationText(resumed)).toContain(quoted(session.prompt));
    expect(conversationText(resumed)).toContain(quoted(resumePrompt));
    expect(await world.outputsOf(session.id)).toContainEqual({
      type: "notice",
      message: `92% of the five hour usage limit used; it resets at ${nextReset().toISOString()}`,
    });
    cw.pin("limit-resumed", (await world.logText(session.id, "stdout")).slice(firstRun.length), conversation);
    await cw.expectNoSecretStored();
  });

  it("session resume continues the conversation of a failed session, in its worktree", async () => {
    const cw = claudeWorld();
    const { world, standIn } = cw;
    const git = (...args: string[]) => execFileSync("git", args, { cwd: world.rootDir, stdio: "pipe" });
    git("init", "-q", "-b", "main");
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "--allow-empty", "-m", "init");
    standIn.script([writeNotes(), serverError]);
    const failed = await world.waitForEnd((await world.runTask("claude", "notes in a worktree", true)).id, 25_000);
    expect(failed).toMatchObject({ status: "failed", exitCode: 1 });
    expect(await world.outputsOf(failed.id)).toContainEqual({
      type: "error",
      message: expect.stringMatching(/^API Error: 500 Internal server error/),
    });
    const conversation = { cwd: failed.cwd!, sessionId: failed.agentSessionId! };
    cw.pin("api-error", await world.logText(failed.id, "stdout"), conversation);

    const from = standIn.turns().length;
    standIn.script([reportDone(), finalText()]);
    const resumed = await world.client.session.resume.mutate({ id: failed.id });
    const ended = await world.waitForEnd(resumed.id, 25_000);
    expect(ended).toMatchObject({
      status: "succeeded",
      resumedFromId: failed.id,
      agentSessionId: failed.agentSessionId,
      cwd: failed.cwd,
      worktreePath: failed.worktreePath,
    });
    const argv = await argvOf(resumed.id);
    const resumePrompt = await promptFed(world, resumed.id);
    expect(resumePrompt).toMatch(/^Maestro is resuming this session: it ended with an error: exited with code 1/);
    expect(argv.slice(5, 7)).toEqual(["--resume", failed.agentSessionId]);
    // The resumed run's first request carries the earlier prompt, the edit and its result.
    const first = standIn.turns()[from]!;
    expect(conversationText(first)).toContain(quoted(failed.prompt));
    expect(first.body!.messages).toContainEqual({
      role: "assistant",
      content: expect.arrayContaining([expect.objectContaining({ type: "tool_use", name: "Write" })]),
    });
    expect(conversationText(first)).toContain("File created successfully");
    expect(conversationText(first)).toContain(quoted(resumePrompt));
    expect(readFileSync(join(failed.worktreePath!, "notes.md"), "utf8")).toBe(NOTES);
    cw.pin("resumed", await world.logText(resumed.id, "stdout"), conversation);
  });

  it("starts afresh with the whole prompt when the conversation to resume is gone", async () => {
    const cw = claudeWorld();
    const { world, standIn } = cw;
    standIn.script([serverError]);
    const failed = await world.waitForEnd((await world.runTask("claude", "notes once more")).id, 25_000);
    expect(failed.status).toBe("failed");
    rmSync(conversationFile(cw.claudeHome, failed.agentSessionId!)!);

    const from = standIn.turns().length;
    standIn.script([reportDone(), finalText()]);
    const resumed = await world.client.session.resume.mutate({ id: failed.id });
    const ended = await world.waitForEnd(resumed.id, 25_000);
    expect(ended).toMatchObject({ status: "succeeded", exitCode: 0, lastReport: "wrote notes.md" });
    expect(ended.agentSessionId).not.toBe(failed.agentSessionId);
    expect(await world.logText(resumed.id, "system")).toBe(
      `[maestro] the agent has no conversation ${failed.agentSessionId} to resume (its saved session is gone): starting it again with the whole prompt\n`,
    );
    const argv = await argvOf(resumed.id);
    expect(await promptFed(world, resumed.id)).toBe(resumed.prompt);
    expect(argv).not.toContain("--resume");
    const first = standIn.turns()[from]!;
    expect(conversationText(first)).toContain(quoted(resumed.prompt));
    expect(conversationText(first)).not.toContain("Maestro is resuming");
    // What the first launch printed: Claude Code's own words for a conversation it does not have.
    const missing = (await world.logText(resumed.id, "stdout")).split("\n")[0]!;
    expect(parseClaudeLine(missing)).toContainEqual({
      type: "error",
      message: `No conversation found with session ID: ${failed.agentSessionId}`,
    });
    cw.pin("no-conversation", missing, { cwd: world.rootDir, sessionId: failed.agentSessionId! });
  });
});
