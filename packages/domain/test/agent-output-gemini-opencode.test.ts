import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type AgentEvent, createOutputParser, parseOpencodeLine } from "../src/index";

// Transcripts captured from the real CLIs (Gemini CLI 0.61.0, OpenCode 1.18.33) run against
// scripted stand-ins of their model APIs; temporary paths replaced by /work/repo.
const transcript = (name: string) => readFileSync(new URL(`./transcripts/${name}`, import.meta.url), "utf8");

/** The agent's own session id, as the transcript's first line names it. */
const sessionIdOf = (text: string) => {
  const first = JSON.parse(text.split("\n")[0]!) as { session_id?: string; sessionID?: string };
  return first.session_id ?? first.sessionID;
};

function parseAll(format: "gemini-stream-json" | "opencode-json", text: string): AgentEvent[] {
  const parser = createOutputParser(format);
  return [...parser.push(text), ...parser.end()];
}

describe("Gemini CLI stream-json", () => {
  it("joins the streamed text, pairs each tool call with its result, and reports usage per model", () => {
    const text = transcript("gemini-0.61.0-success.jsonl");
    expect(sessionIdOf(text)).toMatch(/^[0-9a-f-]{36}$/);
    expect(parseAll("gemini-stream-json", text)).toEqual([
      {
        type: "usage",
        costUsd: null,
        tokensIn: 0,
        tokensOut: 0,
        agentSessionId: sessionIdOf(text),
      },
      { type: "message", text: "I'll create the notes file." },
      { type: "tool_use", tool: "write_file", summary: "/work/repo/notes.md" },
      { type: "file_edit", path: "/work/repo/notes.md" },
      { type: "tool_use", tool: "run_shell_command", summary: "ls notes.md", output: "notes.md" },
      {
        type: "tool_use",
        tool: "replace",
        summary: "/work/repo/missing.md",
        output: "Error: File not found. Cannot apply edit. Use an empty old_string to create a new file.",
      },
      { type: "warning", message: "replace: File not found: /work/repo/missing.md" },
      { type: "message", text: "Done: notes.md is written." },
      {
        type: "usage",
        costUsd: null,
        tokensIn: 22000,
        tokensCached: 15600,
        tokensOut: 102,
        agentSessionId: null,
        model: "gemini-2.5-pro",
      },
    ]);
  });

  it("takes a daily quota answer for a usage limit, not a failure", () => {
    const events = parseAll("gemini-stream-json", transcript("gemini-0.61.0-quota.jsonl"));
    expect(events.at(-1)).toMatchObject({
      type: "usage_limit",
      message: expect.stringContaining("You have exhausted your daily quota on this model."),
      resetAt: null,
    });
    expect(events.filter((event) => event.type === "error")).toEqual([]);
  });

  it("gives a failed run's error, a retry delay as the reset time, and warnings apart from errors", () => {
    const before = Date.now();
    const lines = [
      `{"type":"error","severity":"warning","message":"Loop detected, stopping execution"}`,
      `{"type":"result","status":"error","error":{"type":"FatalToolExecutionError","message":"Error executing tool x"},"stats":{"total_tokens":0,"models":{}}}`,
      `{"type":"result","status":"error","error":{"message":"Quota exceeded for metric x\\nSuggested retry after 60s."},"stats":{}}`,
    ];
    const events = parseAll("gemini-stream-json", `${lines.join("\n")}\n`);
    expect(events.slice(0, 2)).toEqual([
      { type: "warning", message: "Loop detected, stopping execution" },
      { type: "error", message: "Error executing tool x" },
    ]);
    const reset = Date.parse((events[2] as { resetAt: string }).resetAt);
    expect(reset - before).toBeGreaterThanOrEqual(60_000);
  });

  it("flushes a message still arriving when the output ends, and keeps a huge one clipped", () => {
    const delta = (text: string) =>
      `{"type":"message","role":"assistant","content":${JSON.stringify(text)},"delta":true}`;
    const huge = Array.from({ length: 50 }, () => delta("x".repeat(1_000))).join("\n");
    const events = parseAll("gemini-stream-json", `${delta("Half ")}\n${delta("done")}\n${huge}\n`);
    expect(events).toHaveLength(1);
    expect((events[0] as { text: string }).text.startsWith("Half donexxx")).toBe(true);
    expect((events[0] as { text: string }).text.length).toBeLessThanOrEqual(4_000);
  });
});

describe("OpenCode run --format json", () => {
  it("yields text, tools with exit codes, edits, failed tools as warnings, and each step's cost", () => {
    const text = transcript("opencode-1.18.33-success.jsonl");
    const session = sessionIdOf(text);
    expect(session).toMatch(/^ses_/);
    const events = parseAll("opencode-json", text);
    expect(events).toEqual([
      { type: "message", text: "I'll write the notes." },
      { type: "tool_use", tool: "write", summary: "/work/repo/notes.md", output: "Wrote file successfully." },
      { type: "file_edit", path: "/work/repo/notes.md" },
      { type: "usage", costUsd: 0.0276, tokensIn: 9000, tokensCached: 0, tokensOut: 40, agentSessionId: session },
      { type: "tool_use", tool: "bash", summary: "ls notes.md; exit 3", exitCode: 3, output: "notes.md\n" },
      { type: "usage", costUsd: 0.0036, tokensIn: 9200, tokensCached: 9000, tokensOut: 20, agentSessionId: session },
      { type: "tool_use", tool: "read", summary: "/work/repo/missing.md" },
      { type: "warning", message: "read: File not found: /work/repo/missing.md" },
      { type: "usage", costUsd: 0.00366, tokensIn: 9400, tokensCached: 9200, tokensOut: 20, agentSessionId: session },
      { type: "message", text: "Done: notes.md is written." },
      { type: "usage", costUsd: 0.0036, tokensIn: 9600, tokensCached: 9400, tokensOut: 12, agentSessionId: session },
    ]);
  });

  it("tells an API spending limit (with when it resets) from any other API error", () => {
    expect(parseAll("opencode-json", transcript("opencode-1.18.33-limit.jsonl"))).toEqual([
      {
        type: "usage_limit",
        message: "You have reached your specified API usage limits. You will regain access on 2027-01-01 at 00:00 UTC.",
        resetAt: "2027-01-01T00:00:00.000Z",
      },
    ]);
    expect(parseAll("opencode-json", transcript("opencode-1.18.33-auth.jsonl"))).toEqual([
      { type: "error", message: "invalid x-api-key" },
    ]);
  });

  it("leaves the cost to the estimate when OpenCode prices a model it does not know at 0", () => {
    const step = `{"type":"step_finish","sessionID":"ses_1","part":{"type":"step-finish","tokens":{"input":100,"output":10,"reasoning":5,"cache":{"write":20,"read":30}},"cost":0}}`;
    expect(parseOpencodeLine(step)).toEqual([
      { type: "usage", costUsd: null, tokensIn: 150, tokensCached: 30, tokensOut: 15, agentSessionId: "ses_1" },
    ]);
  });
});
