import { describe, expect, it } from "vitest";
import { createOutputParser, detectUsageLimit, parseClaudeLine } from "../src/index";

// Lines as Claude Code prints them with `-p --output-format stream-json --verbose`.
const CLAUDE = [
  `{"type":"system","subtype":"init","cwd":"/repo","session_id":"6d1c0c8e-58a4-4a53-9d5e-2c8a3a0f3b11","tools":["Bash","Edit","Read"],"model":"claude-sonnet-4-5","permissionMode":"default"}`,
  `{"type":"assistant","message":{"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[{"type":"text","text":"I'll add the login route."}],"stop_reason":null,"usage":{"input_tokens":12,"output_tokens":8}},"parent_tool_use_id":null,"session_id":"6d1c0c8e-58a4-4a53-9d5e-2c8a3a0f3b11"}`,
  `{"type":"assistant","message":{"id":"msg_02","type":"message","role":"assistant","content":[{"type":"tool_use","id":"toolu_01","name":"Edit","input":{"file_path":"/repo/src/routes.ts","old_string":"a","new_string":"b"}}]},"session_id":"6d1c0c8e-58a4-4a53-9d5e-2c8a3a0f3b11"}`,
  `{"type":"user","message":{"role":"user","content":[{"tool_use_id":"toolu_01","type":"tool_result","content":"ok"}]},"session_id":"6d1c0c8e-58a4-4a53-9d5e-2c8a3a0f3b11"}`,
  `{"type":"assistant","message":{"content":[{"type":"tool_use","id":"toolu_02","name":"Bash","input":{"command":"pnpm test","description":"Run tests"}}]}}`,
  `{"type":"result","subtype":"success","is_error":false,"duration_ms":8123,"num_turns":4,"result":"Done: login route added.","session_id":"6d1c0c8e-58a4-4a53-9d5e-2c8a3a0f3b11","total_cost_usd":0.0421,"usage":{"input_tokens":1200,"cache_creation_input_tokens":300,"cache_read_input_tokens":500,"output_tokens":450}}`,
];

// Lines as `codex exec --json` prints them (codex-output.test.ts reads what the real CLI printed).
const CODEX = [
  `{"type":"thread.started","thread_id":"0199a213-81c0-7800-8aa1-bbab2a035a53"}`,
  `{"type":"turn.started"}`,
  `{"type":"item.completed","item":{"id":"item_0","type":"reasoning","text":"**Looking at the repo**"}}`,
  `{"type":"item.started","item":{"id":"item_1","type":"command_execution","command":"bash -lc ls","aggregated_output":"","exit_code":null,"status":"in_progress"}}`,
  `{"type":"item.completed","item":{"id":"item_1","type":"command_execution","command":"bash -lc ls","aggregated_output":"src\\n","exit_code":0,"status":"completed"}}`,
  `{"type":"item.completed","item":{"id":"item_2","type":"file_change","changes":[{"path":"src/app.ts","kind":"update"}],"status":"completed"}}`,
  `{"type":"item.completed","item":{"id":"item_3","type":"agent_message","text":"Updated src/app.ts."}}`,
  `{"type":"turn.completed","usage":{"input_tokens":2400,"cached_input_tokens":1000,"output_tokens":310}}`,
];

describe("Claude Code stream-json", () => {
  it("yields messages, tool uses, file edits and the final usage with cost and session id", () => {
    const events = CLAUDE.flatMap(parseClaudeLine);
    expect(events).toEqual([
      {
        type: "usage",
        costUsd: 0,
        tokensIn: 0,
        tokensOut: 0,
        agentSessionId: "6d1c0c8e-58a4-4a53-9d5e-2c8a3a0f3b11",
        model: "claude-sonnet-4-5",
      },
      { type: "message", text: "I'll add the login route." },
      { type: "tool_use", tool: "Edit", summary: "/repo/src/routes.ts" },
      { type: "file_edit", path: "/repo/src/routes.ts" },
      { type: "tool_use", tool: "Bash", summary: "pnpm test" },
      {
        type: "usage",
        costUsd: 0.0421,
        tokensIn: 2000,
        tokensOut: 450,
        agentSessionId: "6d1c0c8e-58a4-4a53-9d5e-2c8a3a0f3b11",
        model: null,
      },
    ]);
  });

  it("recognises the usage limit with its reset time", () => {
    const line = `{"type":"result","subtype":"success","is_error":true,"result":"Claude AI usage limit reached|1767225600","session_id":"s","total_cost_usd":0,"usage":{}}`;
    expect(parseClaudeLine(line)).toContainEqual({
      type: "usage_limit",
      message: "usage limit reached",
      resetAt: "2026-01-01T00:00:00.000Z",
    });
    expect(detectUsageLimit("5-hour limit reached ∙ resets 3pm")).toMatchObject({ resetAt: null });
    expect(detectUsageLimit("all fine")).toBeNull();
  });

  it("ignores lines that are not JSON", () => {
    expect(parseClaudeLine("plain text")).toEqual([]);
    expect(parseClaudeLine("{ broken")).toEqual([]);
  });
});

describe("createOutputParser", () => {
  it("reassembles lines split across chunks at any byte", () => {
    const stream = CLAUDE.join("\n") + "\n";
    const expected = CLAUDE.flatMap(parseClaudeLine);
    for (const size of [1, 7, 64, 1000]) {
      const parser = createOutputParser("claude-stream-json");
      const events = [];
      for (let i = 0; i < stream.length; i += size) events.push(...parser.push(stream.slice(i, i + size)));
      events.push(...parser.end());
      expect(events).toEqual(expected);
    }
  });

  it("parses a last line without a newline at the end", () => {
    const parser = createOutputParser("codex-json");
    expect(parser.push(CODEX[6]!)).toEqual([]);
    expect(parser.end()).toEqual([{ type: "message", text: "Updated src/app.ts." }]);
  });

  it("survives replacement characters from invalid UTF-8 and keeps going", () => {
    const parser = createOutputParser("claude-stream-json");
    const events = parser.push(`\uFFFD\uFFFD garbage\n${CLAUDE[1]}\n`);
    expect(events).toEqual([{ type: "message", text: "I'll add the login route." }]);
  });

  it("skips a line longer than the limit without growing, then parses the next", () => {
    const parser = createOutputParser("claude-stream-json");
    const huge = "x".repeat(1024 * 1024);
    for (let i = 0; i < 6; i++) expect(parser.push(huge)).toEqual([]);
    expect(parser.push(`tail of the long line\n${CLAUDE[1]}\n`)).toEqual([
      { type: "message", text: "I'll add the login route." },
    ]);
  });

  it("clips very long messages", () => {
    const text = "y".repeat(10_000);
    const [event] = parseClaudeLine(
      JSON.stringify({ type: "assistant", message: { content: [{ type: "text", text }] } }),
    );
    expect(event).toMatchObject({ type: "message" });
    expect((event as { text: string }).text.length).toBe(4_000);
  });

  it("reads nothing but usage limits from plain-text agents", () => {
    const parser = createOutputParser("text");
    expect(parser.push(`${CLAUDE[1]}\nall tests passed\n`)).toEqual([]);
    expect(parser.push("Claude AI usage limit reached|1767268800\n")).toEqual([
      { type: "usage_limit", message: "usage limit reached", resetAt: "2026-01-01T12:00:00.000Z" },
    ]);
    expect(parser.push("Error: 429 Too Many Requests\n")).toEqual([
      { type: "usage_limit", message: "Error: 429 Too Many Requests", resetAt: null },
    ]);
  });
});
