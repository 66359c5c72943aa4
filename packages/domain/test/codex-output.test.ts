import { describe, expect, it } from "vitest";
import { type AgentEvent, createOutputParser, parseCodexLine } from "../src/index";

// Lines as Codex 0.171 printed them with `exec --json` (the runner's tests replay whole transcripts).
const REAL = {
  failedCommand: `{"type":"item.completed","item":{"id":"item_2","type":"command_execution","command":"/bin/bash -c 'ls missing-file'","aggregated_output":"ls: cannot access 'missing-file': No such file or directory\\n","exit_code":2,"status":"failed"}}`,
  quotedCommand: `{"type":"item.completed","item":{"id":"item_1","type":"command_execution","command":"/bin/bash -c \\"printf 'edited by codex\\\\\\\\n' > notes.md\\"","aggregated_output":"","exit_code":0,"status":"completed"}}`,
  modelWarning: `{"type":"item.completed","item":{"id":"item_0","type":"error","message":"Model metadata for \`gpt-5-codex\` not found. Defaulting to fallback metadata; this can degrade performance and cause issues."}}`,
  reconnect: `{"type":"error","message":"Reconnecting... 1/5 (stream disconnected before completion: stream closed before response.completed)"}`,
  apiError: `{"type":"error","message":"{\\"error\\":{\\"message\\":\\"The scripted turn fails.\\",\\"type\\":\\"invalid_request_error\\",\\"code\\":null}}"}`,
  apiTurnFailed: `{"type":"turn.failed","error":{"message":"{\\"error\\":{\\"message\\":\\"The scripted turn fails.\\",\\"type\\":\\"invalid_request_error\\",\\"code\\":null}}"}}`,
  mcpRefused: `{"type":"item.completed","item":{"id":"item_0","type":"mcp_tool_call","server":"maestro","tool":"create_task","arguments":{"title":"A task of its own"},"result":{"content":[{"type":"text","text":"FORBIDDEN: an agent session may only create subtasks of its own tasks (pass a parent)"}],"structured_content":null},"error":null,"status":"failed"}}`,
  mcpReported: `{"type":"item.completed","item":{"id":"item_1","type":"mcp_tool_call","server":"maestro","tool":"report","arguments":{"kind":"done","text":"all done"},"result":{"content":[{"type":"text","text":"{\\"status\\":\\"running\\"}"}],"structured_content":null},"error":null,"status":"completed"}}`,
  turnCompleted: `{"type":"turn.completed","usage":{"input_tokens":5000,"cached_input_tokens":1000,"cache_write_input_tokens":0,"output_tokens":250,"reasoning_output_tokens":50}}`,
};

const limitError = (text: string) => JSON.stringify({ type: "error", message: text });
const limitFailed = (text: string) => JSON.stringify({ type: "turn.failed", error: { message: text } });

/** All lines through one parser, as the runner reads a run's stdout. */
function parseAll(lines: string[], context: Parameters<typeof createOutputParser>[1] = {}): AgentEvent[] {
  const parser = createOutputParser("codex-json", context);
  return [...parser.push(lines.map((line) => `${line}\n`).join("")), ...parser.end()];
}

describe("Codex exec --json", () => {
  it("keeps a command's exit code and output tail, and names the command without its shell", () => {
    expect(parseCodexLine(REAL.failedCommand)).toEqual([
      {
        type: "tool_use",
        tool: "shell",
        summary: "ls missing-file",
        exitCode: 2,
        output: "ls: cannot access 'missing-file': No such file or directory\n",
      },
    ]);
    expect(parseCodexLine(REAL.quotedCommand)).toEqual([
      { type: "tool_use", tool: "shell", summary: "printf 'edited by codex\\n' > notes.md", exitCode: 0 },
    ]);
  });

  it("names an MCP tool's call as Claude Code does, and says what a failed one answered", () => {
    expect(parseCodexLine(REAL.mcpReported)).toEqual([
      { type: "tool_use", tool: "mcp__maestro__report", summary: '{"kind":"done","text":"all done"}' },
    ]);
    expect(parseCodexLine(REAL.mcpRefused)).toEqual([
      { type: "tool_use", tool: "mcp__maestro__create_task", summary: '{"title":"A task of its own"}' },
      {
        type: "warning",
        message:
          "mcp__maestro__create_task failed: FORBIDDEN: an agent session may only create subtasks of its own tasks (pass a parent)",
      },
    ]);
    const lost = {
      type: "item.completed",
      item: {
        type: "mcp_tool_call",
        server: "maestro",
        tool: "report",
        arguments: {},
        error: { message: "server exited" },
        status: "failed",
      },
    };
    expect(parseCodexLine(JSON.stringify(lost)).at(-1)).toEqual({
      type: "warning",
      message: "mcp__maestro__report failed: server exited",
    });
  });

  it("keeps only the end of a long command output", () => {
    const output = `${"a".repeat(10_000)}the error at the end\n`;
    const line = JSON.stringify({
      type: "item.completed",
      item: { type: "command_execution", command: "make", aggregated_output: output, exit_code: 1 },
    });
    const [event] = parseCodexLine(line) as Array<Extract<AgentEvent, { type: "tool_use" }>>;
    expect(event!.output!.length).toBe(2_000);
    expect(event!.output!.endsWith("the error at the end\n")).toBe(true);
  });

  it("tells reconnect notices and Codex's own warnings from errors", () => {
    expect(parseAll([REAL.modelWarning, REAL.reconnect])).toEqual([
      {
        type: "warning",
        message:
          "Model metadata for `gpt-5-codex` not found. Defaulting to fallback metadata; this can degrade performance and cause issues.",
      },
      {
        type: "notice",
        message: "Reconnecting... 1/5 (stream disconnected before completion: stream closed before response.completed)",
      },
    ]);
  });

  it("reports a failed turn once, with the API's message rather than its JSON body", () => {
    expect(parseAll([REAL.apiError, REAL.apiTurnFailed])).toEqual([
      { type: "error", message: "The scripted turn fails." },
    ]);
    // A turn that fails for another reason than the error before it is reported too.
    expect(parseAll([REAL.reconnect, REAL.apiTurnFailed]).map((event) => event.type)).toEqual(["notice", "error"]);
  });

  it("records the conversation id and each turn's tokens with the model it was given", () => {
    const thread = `{"type":"thread.started","thread_id":"01a24323-4f4a-7623-bf63-ad032d971199"}`;
    expect(parseAll([thread, `{"type":"turn.started"}`, REAL.turnCompleted], { model: "gpt-5.5" })).toEqual([
      {
        type: "usage",
        costUsd: null,
        tokensIn: 0,
        tokensOut: 0,
        agentSessionId: "01a24323-4f4a-7623-bf63-ad032d971199",
        model: "gpt-5.5",
      },
      {
        type: "usage",
        costUsd: null,
        tokensIn: 5000,
        tokensCached: 1000,
        tokensOut: 250,
        agentSessionId: null,
        model: "gpt-5.5",
      },
    ]);
  });

  it("counts a running total once: a later turn adds only what it spent", () => {
    const later = REAL.turnCompleted.replace("5000", "7000").replace('"output_tokens":250', '"output_tokens":300');
    const usage = parseAll([REAL.turnCompleted, later]).map((event) => event.type === "usage" && event.tokensIn);
    expect(usage).toEqual([5000, 2000]);
  });
});

describe("Codex's usage limit", () => {
  // 10:09:30 PM local time, on Dec 4th 2026.
  const now = new Date(2026, 11, 4, 22, 9, 30);
  const at = (...parts: [number, number, number, number, number]) => new Date(...parts).toISOString();
  const resetOf = (text: string) => {
    const events = parseAll([limitError(text), limitFailed(text)], { now: () => now });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: "usage_limit", message: text });
    return (events[0] as Extract<AgentEvent, { type: "usage_limit" }>).resetAt;
  };

  it("pauses until the end of the minute Codex names, later today", () => {
    expect(resetOf("You’ve hit your usage limit. Try again at 11:09 PM.")).toBe(at(2026, 11, 4, 23, 10));
    expect(resetOf("You've hit your usage limit. Try again at 10:09 PM.")).toBe(at(2026, 11, 4, 22, 10));
  });

  it("takes a clock time already past today for tomorrow's", () => {
    expect(resetOf("You’ve hit your usage limit. Try again at 10:08 PM.")).toBe(at(2026, 11, 5, 22, 9));
    expect(resetOf("You’ve hit your usage limit. Try again at 12:05 AM.")).toBe(at(2026, 11, 5, 0, 6));
  });

  it("reads the date Codex gives for a reset on another day, whatever the plan's wording", () => {
    const plus =
      "You’ve hit your usage limit. Upgrade to Pro (https://chatgpt.com/explore/pro), visit https://chatgpt.com/settings/usage to purchase more credits or try again at Dec 7th, 2026 12:18 PM.";
    expect(resetOf(plus)).toBe(at(2026, 11, 7, 12, 19));
    const team =
      "You’ve hit your usage limit. To get more access now, send a request to your admin or try again at Jan 1st, 2027 9:00 AM.";
    expect(resetOf(team)).toBe(at(2027, 0, 1, 9, 1));
  });

  it("knows a limit without a reset time, and an exhausted retry on 429", () => {
    expect(resetOf("You’ve hit your usage limit. Try again later.")).toBeNull();
    expect(resetOf("exceeded retry limit, last status: 429 Too Many Requests")).toBeNull();
  });
});
