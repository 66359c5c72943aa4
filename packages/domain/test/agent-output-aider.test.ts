import { describe, expect, it } from "vitest";
import { type AgentEvent, createOutputParser } from "../src/index";

// Lines in the formats of Aider's base_coder.py (announcements, usage report) and
// utils.format_tokens ("999", "2.3k", "12k"); cost as its format_cost prints it.
const SESSION = [
  "Aider v0.86.1",
  "Main model: anthropic/claude-sonnet-4-5-20250929 with diff edit format, infinite output",
  "Weak model: anthropic/claude-haiku-4-5-20251001",
  "Git repo: .git with 12 files",
  "Repo-map: using 4096 tokens, auto refresh",
  "I'll add the login route.",
  "Applied edit to src/routes.py",
  "Commit 1a2b3c4 feat: add login route",
  "Tokens: 2.3k sent, 156 received. Cost: $0.0093 message, $0.0093 session.",
  "Tokens: 12k sent, 1.2k cache write, 10k cache hit, 999 received.",
  "Cost: $0.02 message, $0.03 session.",
  "Tokens: 3.4k sent, 3.4k cache write, 89 received. Cost: $0.0140 message, $0.04 session.",
];

function parseAll(lines: readonly string[]): AgentEvent[] {
  const parser = createOutputParser("aider-text");
  return [...parser.push(`${lines.join("\n")}\n`), ...parser.end()];
}

describe("Aider text output", () => {
  it("turns each usage report into a usage with the message's own cost, and applied edits into file edits", () => {
    const model = "anthropic/claude-sonnet-4-5-20250929";
    expect(parseAll(SESSION)).toEqual([
      { type: "file_edit", path: "src/routes.py" },
      { type: "usage", costUsd: 0.0093, tokensIn: 2300, tokensCached: 0, tokensOut: 156, agentSessionId: null, model },
      {
        type: "usage",
        costUsd: 0.02,
        tokensIn: 12000,
        tokensCached: 10000,
        tokensOut: 999,
        agentSessionId: null,
        model,
      },
      { type: "usage", costUsd: 0.014, tokensIn: 3400, tokensCached: 0, tokensOut: 89, agentSessionId: null, model },
    ]);
  });

  it("adds the messages up to Aider's session total", () => {
    const total = parseAll(SESSION).reduce((sum, event) => sum + (event.type === "usage" ? event.costUsd! : 0), 0);
    expect(total).toBeCloseTo(0.0433, 6);
  });

  it("leaves the cost to the estimate when Aider prints tokens only (a model it has no price for)", () => {
    expect(parseAll(["Model: gpt-5 with diff edit format", "Tokens: 1.0k sent, 42 received."])).toEqual([
      {
        type: "usage",
        costUsd: null,
        tokensIn: 1000,
        tokensCached: 0,
        tokensOut: 42,
        agentSessionId: null,
        model: "gpt-5",
      },
    ]);
    // The next line is not a cost: the held usage goes out before it.
    expect(parseAll(["Tokens: 512 sent, 8 received.", "Applied edit to a.py"])).toEqual([
      { type: "usage", costUsd: null, tokensIn: 512, tokensCached: 0, tokensOut: 8, agentSessionId: null, model: null },
      { type: "file_edit", path: "a.py" },
    ]);
  });

  it("still recognises a usage limit, and reads nothing into the model's own prose", () => {
    expect(parseAll(["Claude AI usage limit reached|1767225600"])).toEqual([
      { type: "usage_limit", message: "usage limit reached", resetAt: "2026-01-01T00:00:00.000Z" },
    ]);
    expect(parseAll(["The Tokens: line shows 5 sent", "Cost: $1 message, $1 session."])).toEqual([]);
  });
});
