import { describe, expect, it } from "vitest";
import { type Session, renderSessionDetail, renderSessionTable } from "../src/format-session";
import { Output } from "../src/output";

const output = new Output({ out: () => {}, err: () => {}, isTTY: false }, false, false);
const keyOf = () => "WEB-1";

function session(overrides: Partial<Session>): Session {
  return {
    ...{ id: "0123456789", projectId: "p1", taskIds: ["t1"], agent: "claude-code", role: "worker" },
    ...{ status: "running", stopRequested: false, attempt: 1, runnerId: "r1", pid: 42, cwd: "/w" },
    ...{ worktreePath: null, branch: null, prompt: "Do it", exitCode: null, error: null },
    ...{ agentSessionId: null, parentSessionId: null, resumedFromId: null, resumeReason: null },
    ...{ followUp: null, costUsd: 0, costIsEstimate: false, tokensIn: 0, tokensOut: 0, queueIndex: 0 },
    ...{ lastReport: null, createdAt: "2026-01-01T00:00:00.000Z", startedAt: "2026-01-01T00:00:00.000Z" },
    ...{ endedAt: null, lastHeartbeatAt: null, lastOutputAt: null, stalledAt: null },
    ...{ endReason: null, stoppedBy: null, peakRssMb: null },
    ...overrides,
  };
}

describe("a stalled session in the CLI", () => {
  it("says stalled next to the status in session list and session show", () => {
    const stalled = session({ stalledAt: "2026-01-01T00:07:30.000Z" });
    expect(renderSessionTable(output, [stalled], keyOf)).toMatch(/running stalled/);
    expect(renderSessionDetail(output, stalled, keyOf)).toMatch(/running stalled/);
  });

  it("says nothing more of a session that is not stalled, or has ended", () => {
    const ended = session({
      status: "timed_out",
      stalledAt: "2026-01-01T00:07:30.000Z",
      endedAt: "2026-01-01T00:15:00.000Z",
    });
    expect(renderSessionTable(output, [session({}), ended], keyOf)).not.toMatch(/stalled/);
  });
});

describe("why a session ended, in the CLI", () => {
  const failed = session({
    status: "failed",
    endReason: "failed",
    exitCode: 2,
    endedAt: "2026-01-01T00:15:00.000Z",
  });

  it("is a REASON column of session list, in words", () => {
    const table = renderSessionTable(output, [failed, session({})], keyOf);
    expect(table).toMatch(/REASON/);
    expect(table).toMatch(/failed with exit code 2/);
  });

  it("is a line of session show, in words and as the field's value", () => {
    expect(renderSessionDetail(output, failed, keyOf)).toMatch(/end reason\s+failed with exit code 2 \(failed\)/);
    expect(renderSessionDetail(output, session({}), keyOf)).toMatch(/end reason\s+—/);
  });
});
