import type { AgentEvent } from "./events";

/** Reads one agent's lines in order; `end` gives what it held back (a message still arriving). */
export interface LineParser {
  line(line: string): AgentEvent[];
  end(): AgentEvent[];
}
