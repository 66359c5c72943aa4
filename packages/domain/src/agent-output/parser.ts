import type { OutputFormat } from "../agent-launch";
import { parseClaudeLine } from "./claude";
import { createCodexParser } from "./codex";
import type { AgentEvent } from "./events";
import { parseTextLine } from "./text";

/** What a parser may need beyond the lines: the model the agent was launched with, and the clock. */
export interface ParseContext {
  model?: string | null;
  now?: () => Date;
}

/** One line parser per output format, made per stream: a new format does not typecheck until it has one. */
const LINE_PARSERS: Record<OutputFormat, (context: ParseContext) => (line: string) => AgentEvent[]> = {
  "claude-stream-json": () => parseClaudeLine,
  "codex-json": createCodexParser,
  text: () => parseTextLine,
};

/** Lines longer than this are parsed no further (they stay in the log as text). */
const MAX_LINE = 4 * 1024 * 1024;

/**
 * Turns an agent's stdout, arriving in arbitrary chunks, into events: lines are reassembled
 * across chunks, and an overlong line is dropped from parsing instead of growing without bound.
 */
export function createOutputParser(format: OutputFormat, context: ParseContext = {}) {
  const parseLine = LINE_PARSERS[format](context);
  let partial = "";
  let isSkipping = false;
  const parse = (line: string): AgentEvent[] => parseLine(line);
  return {
    push(text: string): AgentEvent[] {
      const events: AgentEvent[] = [];
      const lines = (partial + text).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) {
        if (isSkipping) isSkipping = false;
        else events.push(...parse(line));
      }
      if (partial.length > MAX_LINE) {
        partial = "";
        isSkipping = true;
      }
      return events;
    },
    end(): AgentEvent[] {
      const rest = isSkipping ? "" : partial;
      partial = "";
      return rest ? parse(rest) : [];
    },
  };
}
