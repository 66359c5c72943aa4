import { type AgentEvent, type OutputFormat, type ParseContext, createOutputParser } from "@maestro/domain";
import type { OutputChunk } from "./output-queue";

/** Turns the output of one agent into typed events, batch by batch, in the order it was sent. */
export interface EventReader {
  /** The events in these chunks (the runner's own `system` lines have none). */
  read(chunks: OutputChunk[]): AgentEvent[];
  /** What the streams still held at their end, and a usage limit held back if the agent failed. */
  end(hasFailed: boolean): AgentEvent[];
}

type AgentStream = "stdout" | "stderr";

/** `context`: what the agent was launched with that its output may not say (its model). */
export function createEventReader(stdoutFormat: OutputFormat, context: ParseContext = {}): EventReader {
  // stderr is plain text whatever the agent: a usage-limit message there is recognised too.
  const parsers = { stdout: createOutputParser(stdoutFormat, context), stderr: createOutputParser("text") };
  const isPlain = { stdout: stdoutFormat === "text", stderr: true };
  // A limit line in plain text may be just output (tests of a rate limiter print "429 Too Many
  // Requests"): it counts only if the agent then fails. Structured formats report it as a failure.
  let heldLimit: AgentEvent | null = null;
  const hold = (stream: AgentStream, events: AgentEvent[]): AgentEvent[] =>
    events.filter((event) => {
      if (event.type !== "usage_limit" || !isPlain[stream]) return true;
      heldLimit = event;
      return false;
    });
  return {
    read: (chunks) =>
      chunks.flatMap((chunk) =>
        chunk.stream === "system" ? [] : hold(chunk.stream, parsers[chunk.stream].push(chunk.text)),
      ),
    end(hasFailed) {
      const events = [...hold("stdout", parsers.stdout.end()), ...hold("stderr", parsers.stderr.end())];
      if (heldLimit && hasFailed) events.push(heldLimit);
      return events;
    },
  };
}
