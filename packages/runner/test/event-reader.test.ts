import { describe, expect, it } from "vitest";
import { createEventReader } from "../src/event-reader";

const LIMIT_LINE = "Error: usage limit reached, try again later\n";
const CLAUDE_LIMIT = `${JSON.stringify({ type: "result", is_error: true, result: "Claude AI usage limit reached|1900000000" })}\n`;
const CLAUDE_TEXT = `${JSON.stringify({ type: "assistant", message: { content: [{ type: "text", text: "hi" }] } })}\n`;

describe("createEventReader", () => {
  it("parses structured stdout across batches, lines rejoined where a batch cut them", () => {
    const reader = createEventReader("claude-stream-json");
    expect(reader.read([{ stream: "stdout", text: CLAUDE_TEXT.slice(0, 20) }])).toEqual([]);
    expect(reader.read([{ stream: "stdout", text: CLAUDE_TEXT.slice(20) }])).toEqual([{ type: "message", text: "hi" }]);
  });

  it("reports a structured usage limit at once: the agent itself says it failed", () => {
    const reader = createEventReader("claude-stream-json");
    const events = reader.read([{ stream: "stdout", text: CLAUDE_LIMIT }]);
    expect(events).toContainEqual(expect.objectContaining({ type: "usage_limit" }));
    expect(reader.end(false)).toEqual([]);
  });

  it("holds back a usage limit in plain text, and gives it at the end only if the agent failed", () => {
    const failed = createEventReader("text");
    expect(failed.read([{ stream: "stdout", text: LIMIT_LINE }])).toEqual([]);
    expect(failed.end(true)).toEqual([expect.objectContaining({ type: "usage_limit" })]);

    const succeeded = createEventReader("text");
    succeeded.read([{ stream: "stdout", text: LIMIT_LINE }]);
    expect(succeeded.end(false)).toEqual([]);
  });

  it("treats stderr as plain text whatever the agent, and a last line without newline as a line", () => {
    const reader = createEventReader("claude-stream-json");
    expect(reader.read([{ stream: "stderr", text: LIMIT_LINE.trimEnd() }])).toEqual([]);
    expect(reader.end(true)).toEqual([expect.objectContaining({ type: "usage_limit" })]);
  });

  it("ignores the runner's own lines", () => {
    const reader = createEventReader("text");
    expect(reader.read([{ stream: "system", text: LIMIT_LINE }])).toEqual([]);
    expect(reader.end(true)).toEqual([]);
  });
});
