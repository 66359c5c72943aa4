import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type AgentEvent, createOutputParser, isMissingConversation, parseClaudeLine } from "../src/index";

// What Claude Code 2.1.332 printed in real runs against the Anthropic API stand-in, captured and
// kept in step with the real CLI by the runner's real-agent tests (the same files fake-claude.mjs
// replays). Placeholders stand for what differs between runs.
const TRANSCRIPTS = new URL("../../runner/test/fixtures/claude-code/", import.meta.url);
const VALUES: Record<string, string> = {
  cwd: "/work/app",
  projectKey: "-work-app",
  home: "/home/dev",
  sessionId: "5f0c2a9e-1b7d-4c1e-9a52-3d8e0f6b7a41",
  apiHost: "127.0.0.1:4100",
};

function transcript(name: string): string[] {
  return readFileSync(new URL(`${name}.jsonl`, TRANSCRIPTS), "utf8")
    .replace(/\{\{(\w+)\}\}/g, (_, key: string) => VALUES[key]!)
    .trim()
    .split("\n");
}

const eventsOf = (name: string) => transcript(name).flatMap(parseClaudeLine);
const lastLine = (name: string) => JSON.parse(transcript(name).at(-1)!) as Record<string, unknown>;
const conversation = { agentSessionId: VALUES.sessionId };

describe("Claude Code's stream-json, as the real CLI prints it", () => {
  it("a run that writes a file and reports: its session and model first, messages, tools, the edit, then what it cost", () => {
    const result = lastLine("success");
    expect(eventsOf("success")).toEqual([
      { type: "usage", costUsd: 0, tokensIn: 0, tokensOut: 0, ...conversation, model: "claude-opus-5-5" },
      { type: "message", text: "I'll write the notes." },
      { type: "tool_use", tool: "Write", summary: "/work/app/notes.md" },
      { type: "file_edit", path: "/work/app/notes.md" },
      { type: "tool_use", tool: "Bash", summary: 'maestro report done "wrote notes.md"' },
      { type: "message", text: "Wrote notes.md and reported done." },
      {
        type: "usage",
        costUsd: result.total_cost_usd,
        tokensIn: 8_000,
        tokensOut: 450,
        ...conversation,
        model: "claude-opus-5-5",
      },
    ]);
  });

  it("a resumed run counts only its own cost and tokens, not the conversation's earlier runs", () => {
    const result = lastLine("resumed");
    const usage = eventsOf("resumed").filter((event) => event.type === "usage");
    expect(usage.at(-1)).toEqual({
      type: "usage",
      costUsd: 0.03,
      tokensIn: 6_000,
      tokensOut: 300,
      ...conversation,
      model: "claude-opus-5-5",
    });
    // What Claude Code reports as the total includes the run before the resume.
    expect(result.total_cost_usd).toBeGreaterThan(0.03);
  });

  it("a subscription's usage limit, with the reset time it states", () => {
    const refusal = transcript("usage-limit").map((line) => JSON.parse(line) as Record<string, unknown>);
    const info = refusal.find((line) => line.type === "assistant") as {
      api_error_params: { rate_limit_info: { resetsAt: number } };
    };
    const events = eventsOf("usage-limit");
    expect(events.filter((event) => event.type !== "usage")).toEqual([
      {
        type: "usage_limit",
        message: expect.stringMatching(/^You've hit your 5-hour limit · resets \d/),
        resetAt: new Date(info.api_error_params.rate_limit_info.resetsAt * 1000).toISOString(),
      },
    ]);
  });

  it("an API key's rate-limit refusal is a usage limit with no reset time (the server backs off)", () => {
    expect(eventsOf("rate-limited").filter((event) => event.type !== "usage")).toEqual([
      {
        type: "usage_limit",
        message: expect.stringMatching(/^API Error: Request rejected \(429\) · This request would exceed/),
        resetAt: null,
      },
    ]);
  });

  it("a warning that the next usage limit is near is a notice", () => {
    expect(eventsOf("limit-resumed")).toContainEqual({
      type: "notice",
      message: expect.stringMatching(/^92% of the five hour usage limit used; it resets at \d{4}-/),
    });
  });

  it("an API failure is one error, not also an assistant message", () => {
    const events = eventsOf("api-error");
    expect(events.filter((event) => event.type === "error" || event.type === "message")).toEqual([
      { type: "message", text: "I'll write the notes." },
      { type: "error", message: expect.stringMatching(/^API Error: 500 Internal server error\..*127\.0\.0\.1:4100/) },
    ]);
  });

  it("a retried API call, a refused tool and a failed command are warnings: the agent carries on", () => {
    expect(eventsOf("warnings").filter((event) => event.type === "warning")).toEqual([
      { type: "warning", message: "API error 529 (overloaded): retrying, attempt 1 of 10" },
      { type: "warning", message: "Bash was not permitted: This command requires approval" },
      { type: "warning", message: "Exit code 2\nerror: missing required argument 'text'" },
    ]);
  });

  it("a conversation it cannot resume is recognised as such", () => {
    const events = eventsOf("no-conversation");
    expect(events).toContainEqual({
      type: "error",
      message: `No conversation found with session ID: ${VALUES.sessionId}`,
    });
    expect(events.filter(isMissingConversation)).toHaveLength(1);
    expect(eventsOf("api-error").some(isMissingConversation)).toBe(false);
  });

  it("reads the same events from the stream cut anywhere", () => {
    for (const name of ["success", "warnings", "usage-limit"]) {
      const stream = transcript(name).join("\n") + "\n";
      const parser = createOutputParser("claude-stream-json");
      const events: AgentEvent[] = [];
      for (let i = 0; i < stream.length; i += 97) events.push(...parser.push(stream.slice(i, i + 97)));
      expect([...events, ...parser.end()]).toEqual(eventsOf(name));
    }
  });
});
