import type { LogFields } from "@maestro/domain";
import { describe, expect, it } from "vitest";
import { type SuperviseDeps, createSessionState } from "../src/held-session";
import type { Claim } from "../src/launch";

// Issue 16 ("See it"): the runner's lines about a session carry its id, for structured logs.

describe("a held session's log lines", () => {
  it("carry the session's id, and the runner's other fields too", () => {
    const lines: Array<[string, LogFields | undefined]> = [];
    const deps = { log: (line: string, fields?: LogFields) => lines.push([line, fields]) } as unknown as SuperviseDeps;
    const claim = { session: { id: "0123456789abcdef-session" }, lease: 3 } as unknown as Claim;
    const state = createSessionState(claim, deps);
    state.deps.log(`${state.label}: could not store its output`);
    state.deps.log("with more", { attempt: 2 });
    expect(lines).toEqual([
      ["session 01234567: could not store its output", { sessionId: "0123456789abcdef-session" }],
      ["with more", { sessionId: "0123456789abcdef-session", attempt: 2 }],
    ]);
  });
});
