import type { AgentEvent } from "./events";
import type { LineParser } from "./line-parser";
import { parseTextLine } from "./text";

// Aider's own lines (aider/coders/base_coder.py, aider/utils.py format_tokens):
//   Model: gpt-4o with diff edit format            (or "Main model: … with …, weak model …")
//   Tokens: 2.3k sent, 156 received. Cost: $0.0012 message, $0.0050 session.
//   Tokens: 12k sent, 1.2k cache write, 10k cache hit, 156 received.   ← with both, the cost
//   Cost: $0.01 message, $0.05 session.                                   is on the next line
//   Applied edit to src/app.py
const MODEL = /^(?:Main model|Models?): (\S{1,200}) with \S+ edit format/;
const COUNT = String.raw`(\d+(?:\.\d+)?k?)`;
const TOKENS = new RegExp(
  String.raw`^Tokens: ${COUNT} sent(?:, ${COUNT} cache write)?(?:, ${COUNT} cache hit)?, ${COUNT} received\.(?: Cost: \$(\d+(?:\.\d+)?) message, \$\d+(?:\.\d+)? session\.)?\s*$`,
);
const COST = /^Cost: \$(\d+(?:\.\d+)?) message, \$\d+(?:\.\d+)? session\.\s*$/;
const APPLIED = /^Applied edit to (.{1,4000})$/;

/** Aider rounds: "2.3k" is 2,300 tokens, "12k" 12,000. */
function tokens(text: string | undefined): number {
  if (!text) return 0;
  return text.endsWith("k") ? Math.round(Number(text.slice(0, -1)) * 1000) : Number(text);
}

type Usage = Extract<AgentEvent, { type: "usage" }>;

/** A token line's usage; its cost is null when Aider prints it on the next line. */
function tokenUsage(line: string, model: string | null): Usage | null {
  const match = line.match(TOKENS);
  if (!match) return null;
  const [, sent, , hit, received, cost] = match;
  return {
    type: "usage",
    costUsd: cost === undefined ? null : Number(cost),
    tokensIn: tokens(sent),
    tokensCached: tokens(hit),
    tokensOut: tokens(received),
    agentSessionId: null,
    model,
  };
}

/**
 * Aider's plain text: each message's token line becomes a usage (its cost taken as Aider says,
 * the session total being the sum of the messages), an applied edit a file edit.
 */
export function createAiderParser(): LineParser {
  let model: string | null = null;
  let waiting: Usage | null = null;

  const release = (): AgentEvent[] => {
    const held = waiting;
    waiting = null;
    return held ? [held] : [];
  };

  function parse(line: string): AgentEvent[] {
    const found = line.length <= 400 ? line.trim() : "";
    const usage = tokenUsage(found, model);
    if (usage?.costUsd === null) {
      waiting = usage;
      return [];
    }
    if (usage) return [usage];
    model = found.match(MODEL)?.[1] ?? model;
    const applied = found.match(APPLIED);
    return applied ? [{ type: "file_edit", path: applied[1]! }] : parseTextLine(line);
  }

  function line(text: string): AgentEvent[] {
    const cost = waiting ? text.trim().match(COST) : null;
    if (waiting && cost) {
      const usage = { ...waiting, costUsd: Number(cost[1]) };
      waiting = null;
      return [usage];
    }
    return [...release(), ...parse(text)];
  }

  return { line, end: release };
}
